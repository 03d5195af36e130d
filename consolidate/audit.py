"""Record a decision in the audit trail (and the security log), in the caller's transaction."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEntry
from .security import log_event


def _plain(data: dict | None) -> dict:
    # Decimals, dates and lazy strings become what JSON can hold, the same way on every database.
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, default=str))


def record(action: str, target, *, actor, before=None, after=None, subject="") -> AuditEntry:
    """``action`` names the decision (``"visits.cancel"``); ``target`` is the object it is on."""
    entry = AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "email", "") or str(actor or ""),
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        object_label=str(target)[:300],
        subject=str(subject)[:200],
        before=_plain(before),
        after=_plain(after),
    )
    log_event(action, user=actor, object=f"{entry.content_type.model}:{target.pk}")
    return entry
