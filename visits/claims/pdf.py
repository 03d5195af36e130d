from django.utils import timezone

from consolidate.documents import render_pdf

from .models import LumpSumClaim


def render_claim(claim: LumpSumClaim) -> bytes:
    """The claim's summary for the host's and the network's accounts."""
    lines = list(claim.lines.select_related("category"))
    return render_pdf(
        "pdf/claim.html",
        {
            "claim": claim,
            "lines": lines,
            "totals": claim.totals(lines),
            "visit": claim.visit,
            "application": claim.visit.application,
            "call": claim.call,
            "today": timezone.localdate(),
        },
    )
