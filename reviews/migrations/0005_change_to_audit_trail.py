"""The recorded changes move to the one audit trail (``consolidate.AuditEntry``), then go.

Each ``Change`` becomes an entry with the action ``reviews.<kind>``, on its application, with
``{"value": old}`` before and ``{"value": new}`` after, its subject, actor and time.
"""

from django.db import migrations


def label(application) -> str:
    # The historical model has no __str__: the application's own label, written out.
    return f"{application.reference or 'draft'}: {application.city or 'city not given'}"[:300]


def copy_changes(apps, schema_editor):
    Change = apps.get_model("reviews", "Change")
    AuditEntry = apps.get_model("consolidate", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    kind, _ = ContentType.objects.get_or_create(app_label="applications", model="application")
    changes = Change.objects.select_related("application", "actor").order_by("pk")
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                action=f"reviews.{change.kind}",
                actor=change.actor,
                actor_label=change.actor.email,
                at=change.at,
                content_type=kind,
                object_id=str(change.application_id),
                object_label=label(change.application),
                subject=change.subject[:200],
                before={"value": change.old_value or None},
                after={"value": change.new_value or None},
            )
            for change in changes.iterator(chunk_size=1000)
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_selection_report"),
        ("consolidate", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_changes, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="Change"),
    ]
