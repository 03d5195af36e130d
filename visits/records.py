"""Visits of one call with their team, sessions, agenda, feedback and claims, for its export."""

from .models import (
    AgendaItem,
    ExpenseLine,
    Feedback,
    LumpSumClaim,
    PreparationSession,
    TeamMember,
    Visit,
)


def call_records(call) -> list:
    visits = Visit.objects.for_call(call)
    claims = LumpSumClaim.objects.filter(visit__in=visits)
    return [
        visits,
        *(model.objects.filter(visit__in=visits)
          for model in (TeamMember, PreparationSession, AgendaItem, Feedback)),
        claims,
        ExpenseLine.objects.filter(claim__in=claims),
    ]  # fmt: skip
