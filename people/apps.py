from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Accounts and roles: groups, role predicates, reviewer profiles, sign-up, second factor,
    the privacy pages and the "my data" export and erasure."""

    name = "people"
    label = "people"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        # Connect the sign-up receiver and the one that drops a changed person's kept row.
        from . import roles, signals, signed_in  # noqa: F401

        post_migrate.connect(roles.grant_role_permissions, dispatch_uid="grant_role_permissions")
