from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """The kernel: settings, security, documents, the audit trail and the registries."""

    name = "consolidate"
    label = "consolidate"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from . import security  # noqa: F401  (connects the login receivers)
