from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from applications.models import Application
from people.preferences import in_language_of
from people.verified import verified_email_required

from .pdf import render_decision_letter


@verified_email_required
def letter(request, slug):
    """The applicant's own decision letter, once the call's decisions are released."""
    application = get_object_or_404(
        Application.objects.of(request.user)
        .select_related("call", "decision")
        .filter(decision__isnull=False),
        call__slug=slug,
    )
    if not application.call.decisions_released:
        raise Http404
    with in_language_of(application.applicant, get_language()):
        letter = render_decision_letter(application)
    response = HttpResponse(letter, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}-decision.pdf"'
    return response
