"""Who sees what the staff home and the dashboards show.

A call's dashboard shows every reviewer's scores and means, so only coordinators see it: a
reviewer must not see other reviewers' scores before submitting their own. Every member of
staff sees their own work on the staff home.
"""

import rules

from people.rules import is_coordinator

rules.add_perm("dashboards.view_call_dashboard", is_coordinator)
