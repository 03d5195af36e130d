"""What reviews tells higher apps, and how standings follow changes made outside its services.

``decisions_released`` is sent by ``services.release_decisions`` inside its transaction, with
``call`` and ``selected`` (the call's selected applications); visits connects to it to open
the selected cities' visits, so reviews never imports visits.

Standings follow what changes outside the review services: an application's state, deletions.

A deleted review or consensus only marks the standing stale (``basis`` emptied), to be
recomputed when the ranking is next read: during a cascade delete the application itself
may be on its way out, and must not get a new standing.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from applications.models import Application

from .models import Consensus, Review, Standing
from .ranking import refresh_standing

decisions_released = Signal()


def standing_follows_state(sender, instance: Application, raw=False, **kwargs) -> None:
    if raw:
        return
    if instance.state != Application.State.SUBMITTED:
        Standing.objects.filter(application=instance).delete()
    elif not Standing.objects.filter(application=instance).exists():
        refresh_standing(instance)


def standing_goes_stale(sender, instance, **kwargs) -> None:
    Standing.objects.filter(application_id=instance.application_id).update(basis="")


def connect() -> None:
    post_save.connect(
        standing_follows_state, sender=Application, dispatch_uid="reviews.standing_follows_state"
    )
    for model in (Review, Consensus):
        post_delete.connect(
            standing_goes_stale, sender=model, dispatch_uid=f"reviews.stale_on_{model.__name__}"
        )
