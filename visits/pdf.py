from django.utils import timezone

from consolidate.documents import render_pdf

from .programme import Programme


def render_agenda(programme: Programme) -> bytes:
    return render_pdf(
        "pdf/agenda.html",
        {
            "programme": programme,
            "visit": programme.visit,
            "application": programme.visit.application,
            "call": programme.visit.call,
            "today": timezone.localdate(),
        },
    )
