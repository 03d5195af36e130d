from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from notifications.attachments import register

        from .pdf import render_version_receipt

        register("receipt", render_version_receipt)
