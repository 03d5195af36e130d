"""Backups of the database and the uploaded files, and restoring one into an empty site.

A backup is a folder ``BACKUP_DIR/<UTC time>/`` holding the database (``pg_dump`` custom format
on PostgreSQL, a copy made with SQLite's online backup API otherwise), ``media.tar.gz`` (every
uploaded file: receipts, letters) and ``manifest.json`` (what it is and each file's SHA-256).
It is written under a hidden name and renamed when complete, so a folder that is there is whole.
The ``BACKUP_KEEP`` newest are kept. Restoring refuses a database that has tables or a media
folder that has files: it never mixes a backup into a live site.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: pg_dump and pg_restore, with arguments we build
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

MANIFEST, MEDIA_ARCHIVE = "manifest.json", "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_backup(*, directory=None, alias: str = "default") -> Path:
    root = Path(directory or settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    partial = root / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    connection = connections[alias]
    dump_database(connection, partial / database_file(connection.vendor))
    archive_media(storages["default"], partial / MEDIA_ARCHIVE)
    files = {path.name: sha256(path) for path in sorted(partial.iterdir())}
    manifest = {"created": name, "vendor": connection.vendor, "files": files}
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2))
    final = root / name
    if final.exists():
        raise BackupError(f"{final} exists already: one backup a second")
    partial.rename(final)
    prune(root, keep=settings.BACKUP_KEEP)
    return final


def database_file(vendor: str) -> str:
    if vendor not in DATABASE_FILES:
        raise BackupError(f"no backup for a {vendor} database")
    return DATABASE_FILES[vendor]


def backups_in(root: Path) -> list[Path]:
    """Complete backups in ``root``, newest first (their names are UTC times)."""
    found = [path for path in root.iterdir() if (path / MANIFEST).is_file()]
    return sorted(found, key=lambda path: path.name, reverse=True)


def prune(root: Path, *, keep: int) -> None:
    for old in backups_in(root)[max(keep, 1) :]:
        shutil.rmtree(old)


def pg_command(program: str, settings_dict: dict, *args: str) -> None:
    """Run ``pg_dump``/``pg_restore`` on the database ``settings_dict`` describes."""
    options = {"--host": "HOST", "--port": "PORT", "--username": "USER", "--dbname": "NAME"}
    given = {flag: settings_dict.get(key) for flag, key in options.items()}
    command = [program, *args, *(f"{flag}={value}" for flag, value in given.items() if value)]
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    # pg_dump or pg_restore, with arguments we build from the database's settings (no shell).
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def dump_database(connection, target: Path) -> None:
    if connection.vendor == "postgresql":
        pg_command("pg_dump", connection.settings_dict, "--format=custom", "--no-owner",
                   "--no-privileges", f"--file={target}")  # fmt: skip
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def stored_files(storage, folder: str = ""):
    """Every file's name in ``storage`` (the local folder or the bucket), folders walked."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in folders:
        yield from stored_files(storage, f"{folder}/{name}" if folder else name)


def archive_media(storage, target: Path) -> None:
    """Every uploaded file, read through the storage (the disk or S3-compatible storage alike:
    the receipts' storage is a folder of the default one in both)."""
    with tarfile.open(target, "w:gz") as archive:
        for name in stored_files(storage):
            with storage.open(name, "rb") as stream:
                member = tarfile.TarInfo(name)
                member.size = storage.size(name)
                archive.addfile(member, stream)


def read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup} is not a backup: {error}") from error
    for name, checksum in manifest["files"].items():
        if not (backup / name).is_file() or sha256(backup / name) != checksum:
            raise BackupError(f"{backup / name} is missing or damaged (checksum differs)")
    return manifest


def restore_backup(backup, *, alias: str = "default", media_root=None) -> None:
    """Into an empty database, and the files into ``media_root`` or, without one, into the
    default storage (the local folder, or the bucket when uploads go to S3)."""
    backup = Path(backup)
    if media_root is None and not isinstance(storages["default"], FileSystemStorage):
        restore_into_storage(backup, alias=alias, storage=storages["default"])
        return
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connection = empty_database_for(backup, alias)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore only into an empty folder")
    restore_database(connection, backup / database_file(connection.vendor))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(backup / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(media_root, filter="data")


def empty_database_for(backup: Path, alias: str):
    """The connection to restore ``backup`` into, once the backup is whole and matches it."""
    manifest = read_manifest(backup)
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"a {manifest['vendor']} backup cannot go into {connection.vendor}")
    if connection.introspection.table_names():
        raise BackupError("the database is not empty: restore only into an empty database")
    return connection


def restore_into_storage(backup: Path, *, alias: str, storage) -> None:
    connection = empty_database_for(backup, alias)
    if next(stored_files(storage), None) is not None:
        raise BackupError("the file storage is not empty: restore only into an empty one")
    restore_database(connection, backup / database_file(connection.vendor))
    with tarfile.open(backup / MEDIA_ARCHIVE, "r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile():
                storage.save(member.name, File(archive.extractfile(member), name=member.name))


def restore_database(connection, source: Path) -> None:
    if connection.vendor == "postgresql":
        pg_command("pg_restore", connection.settings_dict, "--no-owner", "--no-privileges",
                   "--exit-on-error", "--single-transaction", str(source))  # fmt: skip
        return
    connection.ensure_connection()
    original = sqlite3.connect(source)
    try:
        original.backup(connection.connection)
    finally:
        original.close()
