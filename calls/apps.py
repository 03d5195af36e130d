from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from consolidate import security  # noqa: F401  (connects the login receivers)

        from . import signals  # noqa: F401
