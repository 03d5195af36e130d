import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from applications.services import anonymise_expired_applications
from reviews.models import Decision
from tests.factories import PASSWORD, ApplicationFactory, CallFactory, UserFactory, submitted

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


def test_officer_deletes_their_account_after_confirming_with_the_password(client):
    officer = UserFactory(roles=["applicant"])
    application = ApplicationFactory(applicant=officer, officer_name="Ana")
    client.force_login(officer)
    wrong = client.post(reverse("applications:delete_account"), {"password": "nope"})
    assert wrong.status_code == 400
    client.post(reverse("applications:delete_account"), {"password": PASSWORD})
    officer = get_user_model().objects.get(pk=officer.pk)
    assert not officer.is_active and officer.email == ""
    application.refresh_from_db()
    assert application.officer_name == ""
    assert client.get(reverse("applications:mine")).status_code == 302
