from consolidate.documents import render_pdf

from .models import Application


def render_receipt(application: Application) -> bytes:
    return render_pdf(
        "pdf/receipt.html",
        {"application": application, "call": application.call, "answers": application.answers()},
    )
