"""Reviews, scores, consensus and decisions of one call, for the call's export."""

from applications.models import Application

from .models import Consensus, Decision, Review, Score


def call_records(call) -> list:
    applications = Application.objects.for_call(call)
    reviews = Review.objects.filter(application__in=applications)
    return [
        reviews,
        Score.objects.filter(review__in=reviews),
        Consensus.objects.filter(application__in=applications),
        Decision.objects.filter(call=call),
    ]
