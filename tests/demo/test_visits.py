import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from demo.visits import seed_visits
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_demo_visits_are_confirmed_and_each_champion_reads_only_their_own(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    visits = seed_visits()
    assert seed_visits() == visits  # a second run changes nothing

    assert [visit.application.city for visit in visits] == ["Lisbon", "Leipzig"]
    assert [visit.time_zone for visit in visits] == ["Europe/Lisbon", "Europe/Berlin"]
    for visit in Visit.objects.filter(pk__in=[v.pk for v in visits]):
        assert visit.state == Visit.State.CONFIRMED
        assert visit.team.count() == 4
        assert visit.agenda.filter(day=visit.ends_on, kind="reflection").exists()
    demo_champion = get_user_model().objects.get(email="champion@example.org")
    assert Visit.objects.with_member(demo_champion).count() == 1

    for visit in visits:
        for member in visit.team.filter(role="champion").select_related("champion__user"):
            client.force_login(member.champion.user)
            for other in visits:
                expected = 200 if other == visit else 404
                assert client.get(reverse("visits:detail", args=[other.pk])).status_code == expected
            pdf = client.get(reverse("visits:agenda_pdf", args=[visit.pk]))
            assert pdf["Content-Type"] == "application/pdf"
