from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChampionsConfig(AppConfig):
    name = "champions"
    verbose_name = _("Integration champions")

    def ready(self) -> None:
        from consolidate.registry import register_personal_data

        from . import personal_data

        register_personal_data("champion", export=personal_data.export, erase=personal_data.erase)
