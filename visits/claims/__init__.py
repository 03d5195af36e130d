"""The lump-sum claim: the host city claims back what it spent on its visit.

A claim opens (``draft``) when the host first saves something on it, once the visit is
confirmed. The host adds expense lines with their receipts and the bank details, and submits
the claim after the visit's last in-person day (``submitted``); the call's lump sum at that
moment becomes the claim's ``cap``. A coordinator marks lines that are not eligible, then
approves the claim (``approved``: the eligible total, capped) or sends it back with a message
(``changes_requested``: the host changes it and submits again). The coordinator finally
records the payment (``paid``). Approved and paid claims never change again.
"""

# The claim's permissions are registered with django-rules when the package is first
# imported, which ``visits.models`` does while the app loads.
from . import rules  # noqa: F401
