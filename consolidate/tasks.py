"""The heartbeat that tells /health/ready and the admin that beat and a worker are running.

Beat sends ``record_heartbeat`` every HEALTH_HEARTBEAT_SECONDS; as it sends, the process that
publishes it (beat, the only one that does) records "beat"; the worker that runs it records
"worker". So a stopped beat and a stopped worker are told apart.
"""

import logging

from celery import shared_task
from celery.signals import before_task_publish
from django.db import DatabaseError, close_old_connections, connection

from .backups import make_backup
from .models import Heartbeat

HEARTBEAT_TASK = "consolidate.tasks.record_heartbeat"
logger = logging.getLogger(__name__)


@shared_task(name=HEARTBEAT_TASK, ignore_result=True)
def record_heartbeat() -> None:
    Heartbeat.record("worker")


@before_task_publish.connect(dispatch_uid="consolidate_beat_heartbeat")
def beat_sends_heartbeat(sender=None, **kwargs) -> None:
    if sender != HEARTBEAT_TASK:
        return
    # Beat holds one connection for days: one the database closed meanwhile is replaced (never
    # inside a transaction: a publish from a request's atomic block keeps its connection).
    if not connection.in_atomic_block:
        close_old_connections()
    try:
        Heartbeat.record("beat")
    except DatabaseError:
        logger.warning("Beat could not record its heartbeat: the database is unavailable")


@shared_task(acks_late=False, ignore_result=True)
def back_up_nightly() -> None:
    """The scheduled backup (BACKUP_AT). Not acknowledged late: a worker lost halfway does not
    start a second one; the next night's runs anyway, and a partial folder is never kept."""
    logger.info("Backup written to %s", make_backup())
