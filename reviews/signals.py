"""Standings follow an application into and out of the ranking, however its state changed."""

from django.db.models.signals import post_save

from applications.models import Application

from .models import Standing
from .ranking import refresh_standing


def standing_follows_state(sender, instance: Application, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.state != Application.State.SUBMITTED:
        Standing.objects.filter(application=instance).delete()
    elif not Standing.objects.filter(application=instance).exists():
        refresh_standing(instance)


def connect() -> None:
    post_save.connect(
        standing_follows_state, sender=Application, dispatch_uid="reviews.standing_follows_state"
    )
