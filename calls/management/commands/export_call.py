"""Export one call with everything attached to it: JSON for the records, plus its files."""

import shutil
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db.models import FileField

from calls.models import Call
from consolidate.registry import call_records


class Command(BaseCommand):
    help = "Write a call and everything attached to it to DIR/call.json, with its files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("directory")

    def handle(self, *args, slug, directory, **options) -> None:
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"No call with slug {slug!r}.")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        objects = [call]
        # Each app names its own rows about the call (registered in its AppConfig.ready()).
        for records in call_records.values():
            for queryset in records(call):
                rows = list(queryset)
                objects += rows
                self.copy_files(rows, out / "files")
        (out / "call.json").write_text(serializers.serialize("json", objects, indent=2))
        self.stdout.write(self.style.SUCCESS(f"{len(objects)} records written to {out}."))

    def copy_files(self, rows, target: Path) -> None:
        for row in rows:
            for field in row._meta.fields:
                value = getattr(row, field.name) if isinstance(field, FileField) else None
                if value:
                    destination = target / value.name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    with value.open("rb") as source, destination.open("wb") as copy:
                        shutil.copyfileobj(source, copy)
