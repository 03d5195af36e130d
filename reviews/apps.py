from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self) -> None:
        from consolidate.registry import register_personal_data, register_reminder

        from . import personal_data, signals
        from .reminders import review_messages

        signals.connect()
        register_reminder("reviews", review_messages)
        register_personal_data("reviews", export=personal_data.export, erase=personal_data.erase)
