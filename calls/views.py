from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from applications.forms import ApplicationForm

from .models import Call, Criterion


def call_list(request):
    now = timezone.now()
    calls = list(Call.objects.visible_to(request.user).order_by("-deadline"))
    open_calls = [call for call in calls if call.is_open(at=now)]
    other_calls = [call for call in calls if not call.is_open(at=now)]
    return render(
        request, "calls/list.html", {"open_calls": open_calls, "other_calls": other_calls}
    )


def call_detail(request, slug):
    calls = Call.objects.visible_to(request.user).prefetch_related(
        "sections",
        "themes",
        "contacts",
        "cost_categories",
        Prefetch("criteria", queryset=Criterion.objects.prefetch_related("levels")),
    )
    call = get_object_or_404(calls, slug=slug)
    form_fields = [field for field in ApplicationForm(call=call)]
    return render(request, "calls/detail.html", {"call": call, "form_fields": form_fields})


def accessibility(request):
    return render(request, "calls/accessibility.html")


def privacy(request):
    return render(request, "calls/privacy.html")
