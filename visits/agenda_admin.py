"""The agenda edited on the visit's admin page itself: a compact list per day, and small forms
beside it to add, change (which moves an item to another day or time) and remove one item.

Each form is plain HTML posted to the visit's own page, so it works without JavaScript; a bad
item comes back beside its fields with everything typed, and the rest of the page as it was.
"""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .concurrency import RevisionCheckedForm
from .models import AgendaItem, Visit

ACTION = "agenda_action"  # the field that tells an agenda form from the visit's own form


class AgendaItemForm(RevisionCheckedForm):
    class Meta:
        model = AgendaItem
        fields = ["day", "starts_at", "ends_at", "kind", "title", "place", "stakeholders",
                  "services", "notes"]  # fmt: skip
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "stakeholders": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


def item_form(visit: Visit, item: AgendaItem | None = None, data=None) -> AgendaItemForm:
    """The form of one item (its own prefix, so ids stay unique), or of a new one."""
    if item is not None:
        return AgendaItemForm(data, instance=item, prefix=f"item{item.pk}")
    instance = AgendaItem(visit=visit, day=visit.starts_on)
    return AgendaItemForm(data, instance=instance, initial={"day": visit.starts_on}, prefix="new")


def back_to(visit: Visit, anchor: str = "agenda") -> HttpResponseRedirect:
    url = reverse("admin:visits_visit_change", args=[visit.pk])
    return HttpResponseRedirect(f"{url}#{anchor}")


def handle(request, visit: Visit):
    """An agenda form was posted: a redirect when done, else the bound form to show again."""
    item_id = request.POST.get("item_id")
    item = get_object_or_404(AgendaItem, pk=item_id, visit=visit) if item_id else None
    if request.POST.get(ACTION) == "remove" and item is not None:
        item.delete()
        messages.success(request, _("“%(title)s” is removed from the agenda.") % {"title": item})
        return back_to(visit)
    form = item_form(visit, item, request.POST)
    if form.is_valid():
        saved = form.save()
        messages.success(request, _("Agenda saved: %(item)s.") % {"item": saved})
        return back_to(visit, f"item-{saved.pk}")
    return form


def editing(request, visit: Visit, items: list[AgendaItem], bound=None) -> dict:
    """Which item the page shows as a form (``?edit=<id>``, or the one just refused), and the
    form to add one."""
    if bound is not None and bound.instance.pk:
        return {"edit_form": bound, "editing": bound.instance.pk, "add_form": item_form(visit)}
    chosen = request.GET.get("edit")
    item = next((item for item in items if str(item.pk) == chosen), None)
    return {
        "edit_form": item_form(visit, item) if item else None,
        "editing": item.pk if item else None,
        "add_form": bound if bound is not None else item_form(visit),
    }
