from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls")

    def ready(self) -> None:
        from consolidate.registry import register_call_records

        from . import records, signals  # noqa: F401  (signals.py connects its receivers)

        register_call_records("calls", records.call_records)
