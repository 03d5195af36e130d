import pytest

from tests.factories import UserFactory
from visits.models import Visit

pytestmark = pytest.mark.django_db


def test_visit_is_visible_to_its_host_team_and_coordinators_only(planned, coordinator):
    host = planned.application.applicant
    member = planned.team.exclude(user=None).first().user
    stranger = UserFactory()

    for user in (host, member, coordinator):
        assert list(Visit.objects.visible_to(user)) == [planned]
        assert user.has_perm("visits.see_visit", planned)
    assert not Visit.objects.visible_to(stranger).exists()
    assert not stranger.has_perm("visits.see_visit", planned)


def test_champion_with_an_account_sees_the_visit_of_their_team(planned):
    champion = planned.team.filter(role="champion").first().champion

    assert list(Visit.objects.visible_to(champion.user)) == [planned]
