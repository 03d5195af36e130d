"""Export one call with everything attached to it: JSON for the records, plus its files."""

import shutil
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db.models import FileField

from calls.models import Call

# (model, lookup from that model to the call); models of apps not installed are skipped.
RELATED = [
    ("calls.CallSection", "call"), ("calls.Criterion", "call"),
    ("calls.CriterionLevel", "criterion__call"), ("calls.CostCategory", "call"),
    ("calls.Contact", "call"), ("applications.Application", "call"),
    ("applications.ApplicationVersion", "application__call"),
    ("reviews.Review", "application__call"), ("reviews.Score", "review__application__call"),
    ("reviews.Consensus", "application__call"), ("reviews.Decision", "call"),
    ("visits.Visit", "application__call"), ("visits.TeamMember", "visit__application__call"),
    ("visits.PreparationSession", "visit__application__call"),
    ("visits.AgendaItem", "visit__application__call"),
    ("visits.Feedback", "visit__application__call"),
    ("visits.LumpSumClaim", "visit__application__call"),
    ("visits.ExpenseLine", "claim__visit__application__call"),
]  # fmt: skip


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
        for label, lookup in RELATED:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            rows = list(model.objects.filter(**{lookup: call}))
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
