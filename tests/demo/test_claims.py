import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from demo.visits import seed_claims, seed_visits
from visits.models import ExpenseLine, LumpSumClaim

pytestmark = pytest.mark.django_db


def test_demo_claim_is_submitted_with_receipts_and_seeding_again_changes_nothing(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    seed_visits()

    claim = seed_claims()
    assert seed_claims() == claim
    assert LumpSumClaim.objects.count() == 1 and ExpenseLine.objects.count() == 4

    assert claim.state == "submitted" and claim.visit.application.city == "Lisbon"
    assert str(claim.totals().spent) == "812.30"
    line = claim.lines.get(category__name="Dinner")
    client.force_login(claim.visit.application.applicant)
    response = client.get(reverse("visits:claim_receipt", args=[claim.visit_id, line.pk]))
    receipt = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "Dinner with the host team, 9 people" in receipt.pages[0].extract_text()
    page = client.get(reverse("visits:claim", args=[claim.visit_id])).content.decode()
    assert "You submitted the claim on" in page
