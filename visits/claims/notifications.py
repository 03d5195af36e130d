from django.conf import settings
from django.urls import reverse

from notifications.services import queue_emails, render_message

from .models import LumpSumClaim

# What each state the claim moves into tells the host (templates/email/<kind>.txt).
KINDS = {
    LumpSumClaim.State.SUBMITTED: "claim_submitted",
    LumpSumClaim.State.CHANGES_REQUESTED: "claim_changes_requested",
    LumpSumClaim.State.APPROVED: "claim_approved",
    LumpSumClaim.State.PAID: "claim_paid",
}


def notify_host(claim: LumpSumClaim, *, at) -> int:
    """Tell the host city's officer the claim's new state; ``at`` is when it changed."""
    kind = KINDS[claim.state]
    application = claim.visit.application
    context = {
        "claim": claim,
        "application": application,
        "call": claim.call,
        "totals": claim.totals(),
        "url": settings.SITE_URL + reverse("visits:claim", args=[claim.visit_id]),
    }
    occasion = f"claim:{claim.pk}:{claim.state}:{at.isoformat()}"
    recipients = sorted({application.applicant.email, application.email} - {""})
    messages = [
        render_message(
            kind,
            context,
            kind=kind,
            recipient=recipient,
            occasion=occasion,
            user=application.applicant,
        )  # fmt: skip
        for recipient in recipients
    ]
    return len(queue_emails(messages))
