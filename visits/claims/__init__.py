"""The lump-sum claim: the host city claims back what it spent on its visit.

A claim opens (``draft``) when the host first saves something on it, once the visit is
confirmed. The host adds expense lines with their receipts and the bank details, and submits
the claim after the visit's last in-person day (``submitted``); the call's lump sum at that
moment becomes the claim's ``cap``. A coordinator marks lines that are not eligible, then
approves the claim (``approved``: the eligible total, capped) or sends it back with a message
(``changes_requested``: the host changes it and submits again). The coordinator finally
records the payment (``paid``). Approved and paid claims never change again.

How the sub-package joins the ``visits`` app: Django and django-rules look only at the app's
own modules, so each of those names what it takes from here, explicitly:

- ``visits/models.py`` imports ``ExpenseLine`` and ``LumpSumClaim`` (in its ``__all__``);
- ``visits/admin.py`` registers ``claims.admin.LumpSumClaimAdmin`` with the admin site;
- ``VisitsConfig.ready()`` imports ``claims.rules``, which adds the claim's permissions
  (django-rules' autodiscovery finds ``visits/rules.py`` only).

Nothing here is imported for a side effect anywhere else; the rest is imported where used.
"""
