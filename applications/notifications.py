"""E-mails to officers about their application."""

from django.conf import settings
from django.urls import reverse

from notifications.services import queue_emails, render_message

from .models import Application


def confirmation_recipients(application: Application) -> list[str]:
    """Who gets the confirmation: the applicant's account and the address in the form."""
    return sorted({application.applicant.email, application.email} - {""})


def queue_confirmation(application: Application) -> None:
    """The submission confirmation with its PDF receipt, once per submitted version."""
    version = application.versions.order_by("-number").first()
    context = {
        "application": application,
        "call": application.call,
        "url": settings.SITE_URL + reverse("applications:edit", args=[application.call.slug]),
    }
    recipients = confirmation_recipients(application)
    queue_emails(
        render_message(
            "submission_confirmation",
            context,
            kind="submission_confirmation",
            recipient=recipient,
            occasion=f"application:{application.pk}:v{version.number}",
            user=application.applicant,
            attachment_name=f"{application.reference}-receipt.pdf",
            attachment_source=f"receipt:{version.pk}",
        )
        for recipient in recipients
    )
