import pytest

from people.rules import is_applicant, is_coordinator, is_expert, is_reviewer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_coordinator_is_the_group_or_a_superuser():
    assert is_coordinator(UserFactory(roles=["coordinator"]))
    assert is_coordinator(UserFactory(is_superuser=True))
    assert not is_coordinator(UserFactory(roles=["reviewer"]))


def test_coordinators_count_as_reviewers_but_not_as_applicants_or_experts():
    coordinator = UserFactory(roles=["coordinator"])
    assert is_reviewer(coordinator) and is_reviewer(UserFactory(roles=["reviewer"]))
    assert not is_applicant(coordinator) and not is_expert(coordinator)
    assert is_applicant(UserFactory(roles=["applicant"]))
