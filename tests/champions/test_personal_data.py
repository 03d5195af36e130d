import pytest
from django.urls import reverse

from champions.models import Champion
from tests.factories import ChampionWithAccountFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-2026"


@pytest.fixture
def champion_account():
    champion = ChampionWithAccountFactory(
        name="Inês Costa", email="ines@example.org", languages="pt, en",
        user__username="ines@example.org",
    )  # fmt: skip
    champion.user.set_password(PASSWORD)
    champion.user.save()
    return champion


def test_a_champion_finds_their_champion_record_in_my_data(client, champion_account):
    client.force_login(champion_account.user)
    data = client.get(reverse("people:my_data")).json()
    [record] = data["champion"]
    assert (record["name"], record["email"], record["languages"]) == (
        "Inês Costa", "ines@example.org", "pt, en",
    )  # fmt: skip


def test_someone_else_does_not_get_the_champions_record(client, champion_account):
    client.force_login(UserFactory())
    assert client.get(reverse("people:my_data")).json()["champion"] == []


def test_erasure_leaves_nothing_of_the_champion_and_stops_offering_them(client, champion_account):
    client.force_login(champion_account.user)
    client.post(reverse("people:delete_account"), {"password": PASSWORD})
    champion = Champion.objects.get(pk=champion_account.pk)
    assert "Inês" not in champion.name and "ines" not in champion.email
    assert (champion.user, champion.languages, champion.is_available) == (None, "", False)
