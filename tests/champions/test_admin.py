import pytest
from django.urls import reverse

from tests.factories import ChampionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["coordinator", "reviewer"])
def test_champions_are_listed_in_the_admin_for_staff_with_a_role(client, role):
    champion = ChampionFactory(name="Katharina Gruber")
    client.force_login(UserFactory(roles=[role], is_staff=True))

    listing = client.get(reverse("admin:champions_champion_changelist")).content.decode()
    page = client.get(reverse("admin:champions_champion_change", args=[champion.pk]))

    assert "Katharina Gruber" in listing
    title = "Change" if role == "coordinator" else "View"
    assert f"Katharina Gruber (Ghent) | {title} integration champion" in page.content.decode()
