"""The phases of a call's round, from draft to done (``Call.phase``, ``Call.round_phase``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from consolidate import registry


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UPCOMING = "upcoming", _("Opens soon")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RELEASED = "released", _("Decisions released")
    VISITS = "visits", _("Visits under way")
    DONE = "done", _("Round complete")
    ARCHIVED = "archived", _("Archived")


def later_stage(call) -> Phase | None:
    """The stage a released call's round has reached in higher apps (visits under way, done),
    asked through ``consolidate.registry.round_stages`` since calls cannot import them."""
    for stage in registry.round_stages.values():
        later = stage(call)
        if later:
            return Phase(later)
    return None
