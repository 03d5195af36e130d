import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from consolidate.refusals import Refused
from reviews.services import record_decision, release_decisions
from tests.factories import AgendaItemFactory, CriterionFactory, UserFactory
from tests.reviews.conftest import close, make_applications, review_of
from tests.visits.conftest import FIRST_DAY, LAST_DAY, champion, expert
from visits.models import AgendaItem, TeamMember, Visit
from visits.services import (
    agenda_warnings,
    cancel_visit,
    complete_visit,
    confirm_visit,
    open_visits,
    propose_stakeholders,
    reopen_visit,
    schedule_visit,
    set_team,
    submit_feedback,
)

pytestmark = pytest.mark.django_db

AFTER_THE_VISIT = dt.datetime(2027, 3, 12, 9, 0, tzinfo=dt.UTC)


def answers(**values):
    return {
        "insights": 5,
        "energised": 4,
        "connections": 3,
        "most_useful": "The site visit",
        "next_steps": "A pilot with employers",
        **values,
    }


# --- Opening


def test_releasing_decisions_opens_a_visit_for_each_selected_city_only(call, coordinator):
    CriterionFactory(call=call)
    reviewer = UserFactory(roles=["reviewer"])
    selected, rejected = make_applications(call, 2)
    for application in (selected, rejected):
        review_of(application, reviewer, [4], actor=coordinator)
    record_decision(selected, outcome="selected", rationale="Concrete", actor=coordinator)
    record_decision(rejected, outcome="not_selected", rationale="Vague", actor=coordinator)
    close(call)

    release_decisions(call, actor=coordinator)

    assert list(Visit.objects.values_list("application", flat=True)) == [selected.pk]
    assert Visit.objects.get().state == Visit.State.PLANNING
    assert open_visits(call) == 0


# --- The team


def test_team_of_two_champions_and_two_experts_is_kept(visit, labour, coordinator):
    first, second = champion("A", "Madrid", [labour]), champion("B", "Bonn", [labour])
    network, partner = expert(), expert()

    set_team(visit, [first, second], network, partner, actor=coordinator)

    team = {(m.role, m.champion_id or m.user_id) for m in visit.team.all()}
    assert team == {
        ("champion", first.pk),
        ("champion", second.pk),
        ("network_expert", network.pk),
        ("partner_expert", partner.pk),
    }
    set_team(visit, [first, champion("C", "Lyon", [labour])], network, actor=coordinator)
    assert visit.team.count() == 3


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("one", "exactly two different champions"),
        ("twice", "exactly two different champions"),
        ("host_city", "the host city"),
        ("same_city", "Both champions come from Madrid"),
        ("unavailable", "is not available"),
        ("not_an_expert", "is not an expert"),
        ("same_expert", "two different experts"),
    ],
)
def test_team_that_breaks_a_rule_is_refused(visit, labour, case, message, coordinator):
    madrid, bonn = champion("A", "Madrid", [labour]), champion("B", "Bonn", [labour])
    network = expert()
    teams = {
        "one": ([madrid], None, None),
        "twice": ([madrid, madrid], None, None),
        "host_city": ([madrid, champion("L", "Porto", [labour])], None, None),
        "same_city": ([madrid, champion("M", "Madrid", [labour])], None, None),
        "unavailable": ([madrid, champion("U", "Ulm", [labour], is_available=False)], None, None),
        "not_an_expert": ([madrid, bonn], UserFactory(roles=["applicant"]), None),
        "same_expert": ([madrid, bonn], network, network),
    }
    with pytest.raises(Refused, match=message):
        set_team(visit, *teams[case], actor=coordinator)
    assert visit.team.count() == 0


def test_database_holds_a_champion_once_per_visit(visit, labour):
    madrid = champion("A", "Madrid", [labour])
    TeamMember.objects.create(visit=visit, role="champion", champion=madrid)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(visit=visit, role="champion", champion=madrid)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(visit=visit, role="network_expert", champion=madrid)


def test_team_of_a_confirmed_visit_changes_only_after_going_back_to_planning(
    planned, labour, coordinator
):
    confirm_visit(planned, actor=coordinator)
    team = [m.champion for m in planned.team.filter(role="champion")]
    with pytest.raises(Refused, match="back to planning"):
        set_team(planned, team, actor=coordinator)
    reopen_visit(planned, actor=coordinator)
    set_team(planned, team, actor=coordinator)
    assert planned.team.count() == 2


# --- Dates and agenda


def test_visit_spans_two_nights_inside_the_window(visit, coordinator):
    schedule_visit(visit, dt.date(2027, 6, 28), actor=coordinator)
    visit.refresh_from_db()
    assert (visit.starts_on, visit.ends_on) == (dt.date(2027, 6, 28), dt.date(2027, 6, 30))
    assert len(visit.days) == 3


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (dt.date(2026, 12, 31), None, "Visits take place between 1 January 2027 and 30 June 2027"),
        (dt.date(2027, 6, 29), None, "Visits take place between"),
        (dt.date(2027, 3, 9), dt.date(2027, 3, 10), "its last day is 11 March 2027"),
        (dt.date(2027, 3, 9), dt.date(2027, 3, 8), "its last day is 11 March 2027"),
    ],
)
def test_dates_outside_the_window_or_of_another_length_are_refused(
    visit, starts_on, ends_on, message, coordinator
):
    with pytest.raises(Refused, match=message):
        schedule_visit(visit, starts_on, ends_on, actor=coordinator)
    visit.refresh_from_db()
    assert visit.starts_on is None


def test_database_refuses_a_visit_ending_before_it_starts_and_an_empty_slot(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(starts_on=LAST_DAY, ends_on=FIRST_DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(visit=visit, starts_at=dt.time(10), ends_at=dt.time(10))


def test_agenda_warns_about_overlaps_items_outside_the_dates_and_after_the_reflections(planned):
    assert agenda_warnings(planned) == []
    AgendaItemFactory(
        visit=planned,
        day=FIRST_DAY,
        starts_at=dt.time(17),
        ends_at=dt.time(19),
        title="Dinner",
        kind=AgendaItem.Kind.MEAL,
    )
    AgendaItemFactory(visit=planned, day=dt.date(2027, 3, 20), title="Lost")
    AgendaItemFactory(
        visit=planned,
        day=LAST_DAY,
        starts_at=dt.time(11),
        ends_at=dt.time(12),
        title="Farewell coffee",
    )

    warnings = agenda_warnings(planned)

    assert "“Welcome at city hall” and “Dinner” overlap on 9 March 2027." in warnings
    assert "“Lost” on 20 March 2027 is outside the visit's dates." in warnings
    assert "On the last day, “Farewell coffee” comes after the reflections session." in warnings
    assert len(warnings) == 3


def test_agenda_warns_when_it_holds_less_than_the_contact_time(planned):
    planned.agenda.filter(title="Job centre visit").delete()
    assert agenda_warnings(planned) == [
        "The agenda holds 7 hours; 1.5 days of contact time is about 12 hours."
    ]


# --- State


def test_visit_with_incomplete_team_and_no_reflections_cannot_be_confirmed(
    visit, labour, coordinator
):
    champions = [champion("A", "Madrid", [labour]), champion("B", "Bonn", [labour])]
    set_team(visit, champions, expert(), actor=coordinator)
    schedule_visit(visit, FIRST_DAY, actor=coordinator)
    AgendaItemFactory(visit=visit, day=FIRST_DAY, kind=AgendaItem.Kind.REFLECTION)

    with pytest.raises(Refused) as refusal:
        confirm_visit(visit, actor=coordinator)

    assert refusal.value.problems == [
        "The team needs an expert of the expert partner.",
        "The last day must end with the reflections session with the city's management.",
    ]
    visit.refresh_from_db()
    assert visit.state == Visit.State.PLANNING


def test_visit_without_dates_cannot_be_confirmed(visit, coordinator):
    with pytest.raises(Refused, match="no dates yet"):
        confirm_visit(visit, actor=coordinator)


def test_complete_plan_is_confirmed_then_done_after_its_last_day(planned, coordinator):
    visit = confirm_visit(planned, actor=coordinator)
    assert (visit.state, visit.confirmed_by) == (Visit.State.CONFIRMED, coordinator)
    with pytest.raises(Refused, match="marked as done from that day"):
        complete_visit(visit, actor=coordinator)
    with time_machine.travel(dt.datetime(2027, 3, 11, 16, 0, tzinfo=dt.UTC)):
        assert complete_visit(visit, actor=coordinator).state == Visit.State.DONE
    with pytest.raises(Refused):
        cancel_visit(visit, actor=coordinator)


def test_cancelled_visit_can_be_planned_again(planned, coordinator):
    confirm_visit(planned, actor=coordinator)
    visit = cancel_visit(planned, actor=coordinator)
    assert (visit.state, visit.confirmed_at) == (Visit.State.CANCELLED, None)
    assert reopen_visit(visit, actor=coordinator).state == Visit.State.PLANNING


# --- What the host sends in


def test_host_proposal_is_kept_until_the_visit_is_closed(visit, coordinator):
    propose_stakeholders(visit, stakeholders=" Employers \n", feedback_subject="Job centre")
    visit.refresh_from_db()
    assert (visit.stakeholders, visit.feedback_subject) == ("Employers", "Job centre")
    assert visit.proposed_at is not None
    cancel_visit(visit, actor=coordinator)
    with pytest.raises(Refused, match="closed"):
        propose_stakeholders(visit, stakeholders="Late", feedback_subject="")


def test_feedback_is_refused_before_the_visit_ends(planned, coordinator):
    confirm_visit(planned, actor=coordinator)
    with pytest.raises(Refused, match="opens the day after the visit, on 12 March 2027"):
        submit_feedback(planned, by=planned.application.applicant, **answers())


def test_feedback_is_taken_once_after_the_visit(planned, coordinator):
    confirm_visit(planned, actor=coordinator)
    host = planned.application.applicant
    with time_machine.travel(AFTER_THE_VISIT):
        feedback = submit_feedback(planned, by=host, **answers())
        with pytest.raises(Refused, match="already been answered"):
            submit_feedback(planned, by=host, **answers())
    assert (feedback.insights, feedback.next_steps) == (5, "A pilot with employers")


def test_feedback_is_refused_for_a_visit_that_did_not_take_place(planned):
    with time_machine.travel(AFTER_THE_VISIT), pytest.raises(Refused, match="took place"):
        submit_feedback(planned, by=planned.application.applicant, **answers())


def test_feedback_off_the_scale_is_refused_by_the_service_and_the_database(planned, coordinator):
    confirm_visit(planned, actor=coordinator)
    host = planned.application.applicant
    with time_machine.travel(AFTER_THE_VISIT):
        with pytest.raises(Refused, match="scale from 1 to 5"):
            submit_feedback(planned, by=host, **answers(insights=6))
        from visits.models import Feedback

        with pytest.raises(IntegrityError), transaction.atomic():
            Feedback.objects.create(visit=planned, submitted_by=host, **answers(energised=0))
