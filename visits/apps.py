from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits and lump sums")

    def ready(self) -> None:
        # Connecting receivers and adding permissions happen on import, as Django and
        # django-rules intend: signals.py connects its receivers, claims/rules.py adds the
        # claim's permissions (django-rules' autodiscovery finds visits/rules.py only).
        from . import signals  # noqa: F401
        from .claims import rules  # noqa: F401
