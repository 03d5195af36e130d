from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from applications.models import Application


def send_decision(application: Application) -> None:
    context = {
        "application": application,
        "call": application.call,
        "decision": application.decision,
        "url": settings.SITE_URL + reverse("applications:mine"),
    }
    subject = render_to_string("email/decision_subject.txt", context).strip()
    body = render_to_string("email/decision.txt", context)
    recipients = sorted({application.applicant.email, application.email} - {""})
    EmailMessage(subject, body, to=recipients).send()
