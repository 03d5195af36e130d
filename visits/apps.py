from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits and lump sums")

    def ready(self) -> None:
        from consolidate.registry import (
            register_attachment,
            register_call_records,
            register_personal_data,
            register_reminder,
            register_round_stage,
            register_signed_in_read,
        )

        # Connecting receivers and adding permissions happen on import, as Django and
        # django-rules intend: signals.py connects its receivers, claims/rules.py adds the
        # claim's permissions (django-rules' autodiscovery finds visits/rules.py only).
        from . import involvement, personal_data, records, signals  # noqa: F401  (signals: see above)
        from .calendar import render_visit_calendar
        from .claims import personal_data as claims_data
        from .claims import rules  # noqa: F401  (adds the claim's permissions)
        from .claims.reminders import claim_messages
        from .models import Visit
        from .reminders import feedback_messages, preparation_messages

        register_call_records("visits", records.call_records)
        register_round_stage("visits", Visit.objects.round_stage)
        register_signed_in_read("visits", involvement.kept_keys)
        register_attachment("visit_calendar", render_visit_calendar)
        register_reminder("visit_preparation", preparation_messages)
        register_reminder("visit_feedback", feedback_messages)
        register_reminder("visit_claims", claim_messages)
        register_personal_data("visits", export=personal_data.export, erase=personal_data.erase)
        register_personal_data("claims", export=claims_data.export, erase=claims_data.erase)
