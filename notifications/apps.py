from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("E-mails and reminders")

    def ready(self) -> None:
        from consolidate.registry import register_personal_data

        from . import personal_data

        register_personal_data("emails", export=personal_data.export, erase=personal_data.erase)
