"""Who may see and do what with a visit's claim (django-rules; the object is the visit).

Like the visit's pages, the claim's pages answer 404 to anyone else: the host and the
coordinators are the only people who learn that a claim exists. The claim is seen by the
visit's host and the coordinators: the visit's own predicates, imported, not written again.
``VisitsConfig.ready()`` imports this module, which adds the permissions.
"""

import rules

from people.rules import is_coordinator
from visits.rules import is_host

rules.add_perm("visits.see_claim", is_host | is_coordinator)
rules.add_perm("visits.edit_claim", is_host)
rules.add_perm("visits.review_claim", is_coordinator)
