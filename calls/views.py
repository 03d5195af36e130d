from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from consolidate.page_cache import cache_for_anonymous
from consolidate.registry import call_page_boxes, call_page_sections

from .models import Call, CriterionLevel


def seconds_unchanged(call: Call, now) -> float:
    """How long the call's texts that depend on the clock stay as they are now: "time left"
    (two units, so its last one changes each minute under a day, each hour above), and the
    moments the call opens and closes."""
    moments = [(moment - now).total_seconds() for moment in (call.opens_at, call.deadline)]
    remaining = moments[1]
    if remaining <= 0:
        return settings.ANONYMOUS_PAGE_SECONDS if moments[0] <= 0 else moments[0]
    unit = 60 if remaining < 86400 else 3600
    return min([remaining % unit, *(m for m in moments if m > 0)])


def call_list(request):
    now = timezone.now()
    calls = list(Call.objects.visible_to(request.user).order_by("-deadline"))
    open_calls = [call for call in calls if call.is_open(at=now)]
    other_calls = [call for call in calls if not call.is_open(at=now)]
    response = render(
        request, "calls/list.html", {"open_calls": open_calls, "other_calls": other_calls}
    )
    fresh = min([settings.ANONYMOUS_PAGE_SECONDS, *(seconds_unchanged(c, now) for c in calls)])
    return cache_for_anonymous(response, fresh)


def call_detail(request, slug):
    """The call's page. All below its deadline box is a cached fragment of the template
    (calls/detail.html): on a hit, the page needs only the call from the database. The
    querysets below are lazy, so they run only when the fragment has to be rendered again."""
    call = get_object_or_404(Call.objects.visible_to(request.user), slug=slug)
    criteria = call.criteria.order_by("order", "pk").prefetch_related(
        Prefetch("levels", queryset=CriterionLevel.objects.order_by("score"))
    )
    context = {
        "call": call,
        "themes": call.themes.all(),
        "criteria": criteria,
        # What higher apps add to the page (the application form's questions); their context
        # is made only when the cached fragment is rendered again.
        "extra_sections": [
            {"section": section, "context": lambda section=section: section.context(call)}
            for section in call_page_sections.values()
        ],
        # Where the visitor stands (the officer's application), outside the cached fragment.
        "boxes": _boxes(call, request.user),
    }
    response = render(request, "calls/detail.html", context)
    return cache_for_anonymous(response, seconds_unchanged(call, timezone.now()))


def _boxes(call, user) -> list[dict]:
    boxes = []
    for box in call_page_boxes.values():
        part = box.context(call, user)
        if part is not None:
            boxes.append({"template": box.template, "part": part})
    return boxes
