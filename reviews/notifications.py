from django.conf import settings
from django.urls import reverse

from calls.models import Call
from notifications.services import queue_emails, render_message


def queue_decisions(call: Call) -> int:
    """Tell every applicant with a decision in ``call`` its outcome, in their language."""
    decisions = call.decisions.select_related(
        "application__applicant__preferences", "application__call"
    )
    url = settings.SITE_URL + reverse("applications:mine")
    messages = []
    for decision in decisions:
        application = decision.application
        context = {"application": application, "call": call, "decision": decision, "url": url}
        for recipient in sorted({application.applicant.email, application.email} - {""}):
            messages.append(
                render_message(
                    "decision",
                    context,
                    kind="decision",
                    recipient=recipient,
                    occasion=f"decision:{application.pk}",
                    user=application.applicant,
                )  # fmt: skip
            )
    return len(queue_emails(messages))
