from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from consolidate import security  # noqa: F401  (connects the login receivers)

        from . import roles, signals  # noqa: F401

        post_migrate.connect(roles.grant_role_permissions, dispatch_uid="grant_role_permissions")
