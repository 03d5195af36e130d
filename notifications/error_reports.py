"""Server errors reported to the ADMINS through the outbox, like every other e-mail we send.

Wired by dotted path in settings.LOGGING (the kernel does not import this app). Each report is an
``Email`` of kind ``error_report``, one per admin; the same error within the same minute is one
occasion, so a burst of identical failures mails each admin once. If the database cannot take
the row (often the very error being reported), Django's own handler mails directly.
"""

import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.log import AdminEmailHandler

KIND = "error_report"


class OutboxAdminEmailHandler(AdminEmailHandler):
    def send_mail(self, subject, message, *args, **kwargs):
        if not settings.ADMINS:
            return
        try:
            queue_report(subject, message)
        except Exception:  # noqa: BLE001 - a report must not fail; the direct way is left
            super().send_mail(subject, message, *args, **kwargs)


def queue_report(subject: str, message: str) -> None:
    from .services import Message, queue_emails  # the logging set-up runs before the apps load

    digest = hashlib.sha256(subject.encode()).hexdigest()[:16]
    occasion = f"{timezone.now():%Y-%m-%dT%H:%M}:{digest}"
    subject = f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"[:250]
    queue_emails(
        Message(kind=KIND, recipient=address, occasion=occasion, subject=subject, body=message)
        for _name, address in settings.ADMINS
    )
