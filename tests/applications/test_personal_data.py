import datetime as dt

import pytest
from django.utils import timezone

from applications import personal_data
from applications.services import anonymise_expired_applications
from reviews.models import Decision
from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db


def old_call(months: int):
    deadline = timezone.now() - dt.timedelta(days=30 * months + 1)
    return CallFactory(opens_at=deadline - dt.timedelta(days=30), deadline=deadline)


def test_not_selected_applications_lose_personal_data_after_retention(settings):
    settings.RETENTION_MONTHS = 12
    call = old_call(13)
    rejected = submitted(ApplicationFactory(call=call, city="Gone"), number=1)
    selected = submitted(ApplicationFactory(call=call, city="Kept"), number=2)
    Decision.objects.create(application=selected, call=call, outcome="selected",
                            rationale="x", decided_by=UserFactory())  # fmt: skip
    recent = submitted(ApplicationFactory(call=old_call(6)), number=1)
    assert anonymise_expired_applications() == 1
    rejected.refresh_from_db()
    assert (rejected.officer_name, rejected.email, rejected.challenge) == ("", "", "")
    assert rejected.city == "Gone" and rejected.anonymised_at
    assert rejected.versions.get().answers == {}
    selected.refresh_from_db()
    recent.refresh_from_db()
    assert selected.officer_name and recent.officer_name
    assert anonymise_expired_applications() == 0


def test_erasure_anonymises_the_officers_applications_but_a_selected_one():
    officer = UserFactory()
    kept = submitted(ApplicationFactory(applicant=officer, officer_name="Ana"), number=1)
    Decision.objects.create(application=kept, call=kept.call, outcome="selected",
                            rationale="x", decided_by=UserFactory())  # fmt: skip
    gone = ApplicationFactory(applicant=officer, officer_name="Ana", city="Gone")
    assert {item["answers"]["city"] for item in personal_data.export(officer)} >= {"Gone"}
    personal_data.erase(officer)
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.officer_name == "Ana" and kept.anonymised_at is None
    assert gone.officer_name == "" and gone.anonymised_at and gone.city == "Gone"
