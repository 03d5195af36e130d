from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and decisions")

    def ready(self) -> None:
        from applications.retention import keep_personal_data

        from . import signals
        from .models import Decision

        signals.connect()
        keep_personal_data(Decision.objects.selected_applications)
