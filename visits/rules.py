"""Who may see and do what with a visit, per object (django-rules).

Views answer 404, never 403, to anyone without ``visits.see_visit``: a visit's URL tells a
stranger nothing, not even that the visit exists.
"""

import rules
from django.db.models import Q

from people.rules import is_coordinator


@rules.predicate
def is_host(user, visit) -> bool:
    return visit is not None and user.is_authenticated and visit.application.applicant_id == user.pk


@rules.predicate
def is_team_member(user, visit) -> bool:
    # An anonymous user must not match the champions who have no account.
    if visit is None or not user.is_authenticated:
        return False
    return visit.team.filter(Q(champion__user=user) | Q(user=user)).exists()


rules.add_perm("visits.see_visit", is_host | is_coordinator | is_team_member)
rules.add_perm("visits.plan_visit", is_coordinator)
rules.add_perm("visits.propose_stakeholders", is_host)
rules.add_perm("visits.give_feedback", is_host)
rules.add_perm("visits.see_feedback", is_host | is_coordinator)
