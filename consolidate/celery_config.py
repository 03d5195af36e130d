"""What settings.py gives Celery, built from the environment: the broker's transport options and
beat's schedule (every periodic task of every app, in one place)."""

import json
from pathlib import Path

from celery.schedules import crontab


def broker_transport_options(broker_url: str, var_dir: Path, environ) -> dict:
    """Without a broker URL, kombu's file-system transport under var/ (no Redis to install);
    with Redis, CELERY_BROKER_TRANSPORT_OPTIONS as JSON, e.g. {"visibility_timeout": 3600}: the
    seconds after which a task a lost worker had taken is handed to another worker."""
    if not broker_url.startswith("filesystem"):
        return json.loads(environ.get("CELERY_BROKER_TRANSPORT_OPTIONS", "{}"))
    folder = var_dir / "broker"
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def beat_schedule(environ, *, heartbeat_seconds: float, backup_at: str) -> dict:
    """Beat's schedule. ``backup_at`` is the local "HH:MM" of the nightly backup, or "" for none."""
    every = {
        "send-due-reminders": ("notifications.tasks.send_due_reminders",
                               float(environ.get("REMINDER_SCAN_SECONDS", "300"))),
        "anonymise-expired-applications": ("applications.tasks.anonymise_expired", 24 * 3600.0),
        "send-pending-emails": ("notifications.tasks.send_pending_emails",
                                float(environ.get("OUTBOX_SWEEP_SECONDS", "60"))),
        "send-quiet-visit-changes": ("visits.tasks.send_quiet_visit_changes", 60.0),
        "record-heartbeat": ("consolidate.tasks.record_heartbeat", heartbeat_seconds),
    }  # fmt: skip
    schedule = {
        name: {"task": task, "schedule": seconds} for name, (task, seconds) in every.items()
    }
    if backup_at:
        hour, minute = backup_at.split(":")
        schedule["back-up-nightly"] = {
            "task": "consolidate.tasks.back_up_nightly",
            "schedule": crontab(hour=hour, minute=minute),
        }
    return schedule
