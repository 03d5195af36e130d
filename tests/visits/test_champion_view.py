"""A champion's own view of a visit: today first on the road, phones, the meeting point,
and the page kept for offline reading during the visit's days."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from visits.models import TeamMember

pytestmark = pytest.mark.django_db

# 10 March 2027 at noon in Porto: the second day of the planned visit (9 to 11 March).
SECOND_DAY = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)


def champion_of(visit):
    return visit.team.filter(role=TeamMember.Role.CHAMPION).first().champion


def test_during_the_visit_today_comes_first_and_the_page_is_kept_offline(client, planned):
    user = champion_of(planned).user
    with time_machine.travel(SECOND_DAY, tick=False):
        client.force_login(user)
        page = client.get(reverse("visits:detail", args=[planned.pk])).content.decode()
    assert '<span class="badge text-bg-primary me-2">Today</span>Wednesday 10 March 2027' in page
    assert page.index("Wednesday 10 March 2027") < page.index("Tuesday 9 March 2027")
    assert 'id="offline"' in page and "js/visit-offline.js" in page
    assert f"/visits/{planned.pk}/agenda.pdf" in page


def test_before_the_visit_the_days_keep_their_order_and_nothing_is_kept(client, planned):
    client.force_login(champion_of(planned).user)
    page = client.get(reverse("visits:detail", args=[planned.pk])).content.decode()
    assert page.index("Tuesday 9 March 2027") < page.index("Wednesday 10 March 2027")
    assert 'id="offline"' not in page and "visit-offline.js" not in page


def test_the_team_shows_phones_and_the_host_names_the_meeting_point(client, planned):
    champion = champion_of(planned)
    champion.phone = "+34 600 000 001"
    champion.save()
    host = planned.application.applicant
    client.force_login(host)
    client.post(reverse("visits:proposal", args=[planned.pk]), {
        "stakeholders": "Job centre", "feedback_subject": "Outreach",
        "meeting_address": "Praça do Município 1, Porto",
    })  # fmt: skip
    client.force_login(champion.user)
    page = client.get(reverse("visits:detail", args=[planned.pk])).content.decode()
    assert 'href="tel:+34600000001"' in page and "+34 600 000 001" in page
    assert "Praça do Município 1, Porto" in page


def test_the_service_worker_is_a_file_with_the_visits_scope(client):
    response = client.get(reverse("visits:service_worker"))
    assert response["Content-Type"] == "application/javascript"
    assert response["Service-Worker-Allowed"] == reverse("visits:mine") == "/visits/"
    assert b'addEventListener("fetch"' in response.content
