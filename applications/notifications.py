"""E-mails to officers about their application."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Application
from .pdf import render_receipt


def send_confirmation(application: Application) -> None:
    context = {
        "application": application,
        "call": application.call,
        "url": settings.SITE_URL + reverse("applications:edit", args=[application.call.slug]),
    }
    subject = render_to_string("email/submission_confirmation_subject.txt", context).strip()
    body = render_to_string("email/submission_confirmation.txt", context)
    recipients = sorted({application.applicant.email, application.email} - {""})
    message = EmailMessage(subject, body, to=recipients)
    message.attach(
        f"{application.reference}-receipt.pdf", render_receipt(application), "application/pdf"
    )
    message.send()
