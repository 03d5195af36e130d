"""Receivers of the calls app.

The public call page is cached per call version (``Call.updated_at``, see
templates/calls/detail.html). Everything the page shows that is saved without saving the call
moves that version on here, whichever way it is saved (admin page, shell, service): the call's
parts (sections, criteria and their score levels, cost categories, contacts), the themes it
offers and the list of themes it offers. Each bump runs in the same transaction as the change
or after it, never before: otherwise a visitor could cache the old text under the new version.
Bulk writes (``QuerySet.update``, ``bulk_create``) send no signals and must bump themselves.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from consolidate import page_cache

from .models import Call, CallSection, Contact, CostCategory, Criterion, CriterionLevel, Theme

# Each part of a call's page: the field naming its parent, and how calls are found from it.
PARTS = {
    CallSection: ("call_id", "pk__in"),
    Criterion: ("call_id", "pk__in"),
    CostCategory: ("call_id", "pk__in"),
    Contact: ("call_id", "pk__in"),
    CriterionLevel: ("criterion_id", "criteria__in"),
}


def touch_calls(**lookup) -> None:
    """Give the calls found by ``lookup`` a new version, so their pages are rendered again."""
    Call.objects.filter(**lookup).update(updated_at=timezone.now())
    forget_anonymous_pages()


@receiver(post_save, sender=Call, dispatch_uid="calls_forget_pages_on_save")
@receiver(post_delete, sender=Call, dispatch_uid="calls_forget_pages_on_delete")
def forget_anonymous_pages(**kwargs) -> None:
    """Whole pages served to anonymous visitors (``consolidate.page_cache``) show calls: once
    the change is made, and again once it is committed (a page rendered in between from the
    old rows would otherwise be kept), none of them is served again."""
    page_cache.bump()
    transaction.on_commit(page_cache.bump)


def remember_parent(sender, instance, **kwargs) -> None:
    """A part moved to another call (or criterion) changes the page it leaves, too."""
    field, _lookup = PARTS[sender]
    if not instance._state.adding:
        before = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
        instance._call_page_parent_before = before


def touch_calls_of_part(sender, instance, **kwargs) -> None:
    field, lookup = PARTS[sender]
    before = instance.__dict__.pop("_call_page_parent_before", None)
    touch_calls(**{lookup: {getattr(instance, field), before} - {None}})


@receiver(post_save, sender=Theme, dispatch_uid="calls_touch_on_theme_save")
@receiver(pre_delete, sender=Theme, dispatch_uid="calls_touch_on_theme_delete")
def touch_calls_offering(sender, instance: Theme, **kwargs) -> None:
    # On delete, before the theme's links to its calls go (inside the delete's transaction).
    touch_calls(themes=instance.pk)


@receiver(m2m_changed, sender=Call.themes.through, dispatch_uid="calls_touch_on_theme_list")
def touch_calls_on_theme_list(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``call.themes.add(theme)`` or, from the other side, ``theme.calls.add(call)``. A clear
    is caught before it happens (in its transaction): from the theme's side, only then are its
    calls still known."""
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        touch_calls(pk=instance.pk)
    elif action == "pre_clear":
        touch_calls(themes=instance.pk)
    elif pk_set:
        touch_calls(pk__in=pk_set)


for part in PARTS:
    name = part.__name__.lower()
    pre_save.connect(remember_parent, sender=part, dispatch_uid=f"calls_remember_{name}_parent")
    post_save.connect(touch_calls_of_part, sender=part, dispatch_uid=f"calls_touch_on_{name}_save")
    post_delete.connect(
        touch_calls_of_part, sender=part, dispatch_uid=f"calls_touch_on_{name}_delete"
    )
