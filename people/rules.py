"""One predicate per role (django-rules). Apps import these and never write a role test again."""

import rules

from .roles import APPLICANT, CHAMPION, COORDINATOR, EXPERT, REVIEWER

is_coordinator = rules.is_superuser | rules.is_group_member(COORDINATOR)
# Coordinators review too: they may do whatever a reviewer may.
is_reviewer = rules.is_group_member(REVIEWER) | is_coordinator
is_applicant = rules.is_group_member(APPLICANT)
is_champion = rules.is_group_member(CHAMPION)
is_expert = rules.is_group_member(EXPERT)
