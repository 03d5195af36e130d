from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from consolidate.registry import register_personal_data
        from notifications.attachments import register

        from . import personal_data
        from .pdf import render_version_receipt

        register("receipt", render_version_receipt)
        register_personal_data(
            "applications", export=personal_data.export, erase=personal_data.erase
        )
