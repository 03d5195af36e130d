"""Optimistic version checks: a save based on what someone saw refuses to overwrite a newer row.

A form carries the version it showed (a number or a fingerprint); the service compares it with
the row as it is now, inside the transaction that writes, and refuses if they differ.
"""

from django.utils.translation import gettext as _

from .refusals import Refused


def check_version(seen, current, *, now_reads: str = "") -> None:
    """Refuse when ``seen`` (None: the form did not say) is not the ``current`` version."""
    if seen is None or str(seen) == str(current):
        return
    if now_reads:
        raise Refused(
            _(
                "Someone else changed this while you were editing it; it now reads "
                "“%(now)s”. Reload the page to see their change, then edit again."
            )
            % {"now": now_reads}
        )
    raise Refused(
        _("Someone else changed this while you were looking at it. Reload the page and try again.")
    )
