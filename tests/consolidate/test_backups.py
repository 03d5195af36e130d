"""A backup of a seeded site restores into a new database and media folder, whole.

On PostgreSQL (DATABASE_URL, as in CI) through pg_dump/pg_restore; on SQLite through its backup
API. The new database is made for the test and dropped after it.
"""

import hashlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from consolidate.backups import (
    DATABASE_FILES,
    BackupError,
    backups_in,
    make_backup,
    restore_backup,
)
from consolidate.tasks import back_up_nightly
from tests.factories import ExpenseLineFactory, real_pdf

pytestmark = pytest.mark.django_db(transaction=True)

CHECKED = [
    *("applications.Application", "reviews.Review", "reviews.Score", "reviews.Decision"),
    *("visits.Visit", "visits.AgendaItem", "visits.LumpSumClaim", "visits.ExpenseLine"),
]


def seed_site() -> None:
    """The demo (calls, applications, reviews, decisions, visits, a claim with receipts) and
    one more receipt that is a different file."""
    call_command("seed_demo", stdout=io.StringIO())
    ExpenseLineFactory(receipt__data=real_pdf("Taxi"), receipt__filename="taxi.pdf")


def rows(alias: str, label: str) -> list[dict]:
    return list(apps.get_model(label).objects.using(alias).order_by("pk").values())


def checksums(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restores_every_record_and_receipt(settings, tmp_path, new_database):
    seed_site()
    backup = make_backup(directory=tmp_path / "backups")
    new_media = tmp_path / "restored-media"

    restore_backup(backup, alias=new_database, media_root=new_media)

    for label in CHECKED:
        original = rows("default", label)
        assert original, f"the seeded site has no {label}"
        assert rows(new_database, label) == original, label
    every_model = {model._meta.label: model.objects.count() for model in apps.get_models()}
    assert {
        model._meta.label: model.objects.using(new_database).count()
        for model in apps.get_models()
    } == every_model  # fmt: skip
    receipts = apps.get_model("visits.ExpenseLine").objects.using(new_database)
    assert receipts.count() >= 2
    for line in receipts:
        restored = new_media / "receipts" / line.receipt.name
        original = Path(settings.MEDIA_ROOT) / "receipts" / line.receipt.name
        assert hashlib.sha256(restored.read_bytes()).digest() == (
            hashlib.sha256(original.read_bytes()).digest()
        )
    assert checksums(new_media) == checksums(Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    ExpenseLineFactory()
    backup = make_backup(directory=tmp_path / "backups")
    with pytest.raises(BackupError, match="database is not empty"):
        restore_backup(backup, media_root=tmp_path / "empty")


def test_restore_refuses_a_media_folder_with_files(tmp_path, new_database):
    backup = make_backup(directory=tmp_path / "backups")
    full = tmp_path / "full"
    full.mkdir()
    (full / "something.pdf").write_bytes(b"%PDF-")
    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(backup, alias=new_database, media_root=full)


def test_restore_refuses_a_damaged_backup(tmp_path, new_database):
    backup = make_backup(directory=tmp_path / "backups")
    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"x")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(backup, alias=new_database, media_root=tmp_path / "new")


def test_backup_keeps_the_newest(settings, tmp_path):
    settings.BACKUP_KEEP = 2
    root = tmp_path / "backups"
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (root / stamp).mkdir(parents=True)
        (root / stamp / "manifest.json").write_text("{}")
    newest = make_backup(directory=root)
    assert [path.name for path in backups_in(root)] == [newest.name, "20260103-010000"]


def test_commands_back_up_and_refuse_to_restore_over_data(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    out = io.StringIO()
    call_command("backup", stdout=out)
    backup = Path(out.getvalue().strip())
    assert (backup / "manifest.json").is_file()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), stdout=io.StringIO())


def test_the_worker_backs_up_nightly_at_the_configured_hour(settings, tmp_path):
    entry = settings.CELERY_BEAT_SCHEDULE["back-up-nightly"]
    assert entry["task"] == back_up_nightly.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})
    settings.BACKUP_DIR = tmp_path / "nightly"
    ExpenseLineFactory()
    back_up_nightly.apply()
    (backup,) = backups_in(tmp_path / "nightly")
    names = {path.name for path in backup.iterdir()}
    assert names == {"manifest.json", "media.tar.gz", DATABASE_FILES[connection.vendor]}
