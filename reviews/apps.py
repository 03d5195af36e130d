from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self) -> None:
        from applications.retention import keep_personal_data
        from consolidate.registry import (
            register_call_records,
            register_personal_data,
            register_reminder,
            register_scoring,
        )

        from . import personal_data, ranking, records, signals
        from .models import Decision
        from .reminders import review_messages

        signals.connect()
        keep_personal_data(Decision.objects.selected_applications)
        register_reminder("reviews", review_messages)
        register_call_records("reviews", records.call_records)
        register_personal_data("reviews", export=personal_data.export, erase=personal_data.erase)
        register_scoring(
            "reviews", started=ranking.scoring_started, preview=ranking.ranking_preview
        )
