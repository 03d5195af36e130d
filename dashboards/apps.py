from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from applications.models import Application
        from calls.models import Call, Criterion
        from reviews.models import Consensus, Decision, Review, Score, Standing
        from visits.models import ExpenseLine, Feedback, LumpSumClaim, Visit

        from .freshness import watch

        # Every row the counts read: a change to any of them makes the next page count again.
        watch([Call, Criterion, Application, Review, Score, Consensus, Standing, Decision,
               Visit, Feedback, LumpSumClaim, ExpenseLine])  # fmt: skip
