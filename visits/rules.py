"""Who may see and do what with a visit, per object (django-rules).

Who may see a visit is written once, as ``Visit.objects.visible_to(user)``; ``may_see`` asks
it about one visit. Views answer 404, never 403, to anyone without ``visits.see_visit``: a
visit's URL tells a stranger nothing, not even that the visit exists.
"""

import rules

from people.rules import is_coordinator


@rules.predicate
def is_host(user, visit) -> bool:
    return visit is not None and user.is_authenticated and visit.application.applicant_id == user.pk


@rules.predicate
def may_see(user, visit) -> bool:
    if visit is None:
        return False
    # Asked through the visit's own class: the models import this module, not the other way.
    return type(visit).objects.visible_to(user).filter(pk=visit.pk).exists()


rules.add_perm("visits.see_visit", may_see)
rules.add_perm("visits.plan_visit", is_coordinator)
rules.add_perm("visits.propose_stakeholders", is_host)
rules.add_perm("visits.give_feedback", is_host)
rules.add_perm("visits.see_feedback", is_host | is_coordinator)
