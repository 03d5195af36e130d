from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from consolidate.registry import register_attachment

        from .pdf import render_version_receipt

        register_attachment("receipt", render_version_receipt)
