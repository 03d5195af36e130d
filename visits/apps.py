from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits and lump sums")

    def ready(self) -> None:
        from consolidate.registry import register_personal_data

        from . import personal_data, signals  # noqa: F401
        from .claims import personal_data as claims_data

        register_personal_data("visits", export=personal_data.export, erase=personal_data.erase)
        register_personal_data("claims", export=claims_data.export, erase=claims_data.erase)
