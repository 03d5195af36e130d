"""The host's answers to the questionnaire after the visit (re-exported by visits.models)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCALE = [
    (1, _("1 – not at all")),
    (2, _("2")),
    (3, _("3 – somewhat")),
    (4, _("4")),
    (5, _("5 – very much")),
]


def _scale_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Feedback(models.Model):
    """The host's answers to the questionnaire after the visit."""

    visit = models.OneToOneField("visits.Visit", on_delete=models.CASCADE, related_name="feedback")
    insights = _scale_field(_("The peer support brought fresh insights into our challenge"))
    energised = _scale_field(_("It energised our work on the challenge"))
    connections = _scale_field(_("It built connections that will last"))
    most_useful = models.TextField(_("what was most useful"))
    next_steps = models.TextField(_("what you will do next"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"feedback_{name}_on_scale",
            )
            for name in ("insights", "energised", "connections")
        ]

    def __str__(self) -> str:
        return _("Feedback on %(visit)s") % {"visit": self.visit}
