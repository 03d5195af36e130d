import io
import json

import pytest
from django.core.management import call_command

from tests.factories import ApplicationFactory, CallFactory, CriterionFactory, claim_in, submitted

pytestmark = pytest.mark.django_db


def test_export_call_writes_the_call_and_everything_attached(tmp_path):
    call = CallFactory(slug="export-me")
    CriterionFactory(call=call, name="Quality")
    submitted(ApplicationFactory(call=call, city="Lyon"), number=1)
    ApplicationFactory(call=CallFactory(), city="Elsewhere")
    call_command("export_call", "export-me", str(tmp_path), stdout=io.StringIO())
    records = json.loads((tmp_path / "call.json").read_text())
    models = {record["model"] for record in records}
    assert {"calls.call", "calls.criterion", "applications.application"} <= models
    cities = [r["fields"]["city"] for r in records if r["model"] == "applications.application"]
    assert cities == ["Lyon"]


def test_export_call_holds_what_every_app_registered_for_the_call(tmp_path):
    claim = claim_in("submitted")
    call = claim.visit.call
    claim_in("submitted")  # another call's visit and claim stay out
    call_command("export_call", call.slug, str(tmp_path), stdout=io.StringIO())
    records = json.loads((tmp_path / "call.json").read_text())
    models = {record["model"] for record in records}
    assert {"visits.visit", "visits.lumpsumclaim", "visits.expenseline"} <= models
    visits = [r for r in records if r["model"] == "visits.visit"]
    assert [visit["pk"] for visit in visits] == [claim.visit.pk]
    assert list((tmp_path / "files").rglob("*.pdf"))  # the receipt is copied
