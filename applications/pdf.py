from consolidate.documents import render_pdf

from .models import Application, ApplicationVersion


def render_receipt(application: Application, version: ApplicationVersion | None = None) -> bytes:
    """The receipt of what was submitted: the given version, or the application as it is."""
    return render_pdf(
        "pdf/receipt.html",
        {
            "application": application,
            "call": application.call,
            "answers": version.answers if version else application.answers(),
            "submitted_at": version.submitted_at if version else application.submitted_at,
        },
    )


def render_version_receipt(version_id: int) -> bytes:
    version = ApplicationVersion.objects.select_related("application__call").get(pk=version_id)
    return render_receipt(version.application, version)
