"""The stored standings rank exactly as the scores say, after every kind of change."""

import threading
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from applications.models import Application
from reviews.models import Standing
from reviews.ranking import call_ranking, ranking_page, result_for, rules_for
from reviews.scoring import CriterionRule, assess, rank
from reviews.services import (
    assign_reviewer,
    declare_conflict,
    record_consensus,
    record_decision,
    reopen_review,
)
from tests.factories import ApplicationFactory, UserFactory, submitted

from .conftest import make_applications, review_of, score

pytestmark = pytest.mark.django_db

HALF_POINTS = st.integers(min_value=0, max_value=10).map(lambda n: Decimal(n) / 2)


def live_order(call) -> list[tuple[int, Decimal | None]]:
    """The ranking computed from scratch from the scores, as the rules define it."""
    applications = list(call.applications.submitted())
    results = [result_for(application) for application in applications]
    return [(r.application_id, r.total) for r in rank(results, rules_for(call.criteria.all()))]


def stored_order(call) -> list[tuple[int, Decimal | None]]:
    _criteria, rows = call_ranking(call)
    assert [row.result.rank for row in rows] == list(range(1, len(rows) + 1))
    return [(row.application.pk, row.result.total) for row in rows]


def test_standings_follow_submissions_reopening_and_consensus(call, coordinator):
    first, second, third = make_applications(call, 3)
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    review_of(first, reviewers[0], [3, 3], actor=coordinator)
    reopened = review_of(second, reviewers[0], [5, 5], actor=coordinator)
    review_of(third, reviewers[0], [4, 4], actor=coordinator)
    review_of(third, reviewers[1], [2, 5], actor=coordinator)
    assert stored_order(call) == live_order(call)
    assert [pk for pk, _ in stored_order(call)] == [second.pk, third.pk, first.pk]

    reopen_review(reopened, actor=coordinator)
    assert stored_order(call) == live_order(call)
    assert stored_order(call)[-1] == (second.pk, None)  # no counting review: not scored

    score(reopened, [1, 1])
    criterion = call.criteria.first()
    record_consensus(first, criterion, Decimal("5"), "Agreed", actor=coordinator)
    assert stored_order(call) == live_order(call)
    assert stored_order(call)[0] == (first.pk, Decimal("8.00"))


def test_an_edited_weight_or_threshold_shows_in_the_ranking_at_once(call, coordinator):
    strong, weak = make_applications(call, 2)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(strong, reviewer, [5, 1], actor=coordinator)
    review_of(weak, reviewer, [1, 4], actor=coordinator)
    assert [pk for pk, _ in stored_order(call)] == [strong.pk, weak.pk]

    second = call.criteria.all()[1]
    second.weight = Decimal("3")
    second.save()
    assert stored_order(call) == [(weak.pk, Decimal("13.00")), (strong.pk, Decimal("8.00"))]

    call.total_threshold = Decimal("10")
    call.save()
    _criteria, rows = call_ranking(call)
    assert [row.result.selectable for row in rows] == [True, False]


def test_new_submissions_and_withdrawals_show_in_the_ranking(call, coordinator):
    kept, withdrawn = make_applications(call, 2)
    assert [pk for pk, _ in stored_order(call)] == [kept.pk, withdrawn.pk]  # nothing scored yet
    withdrawn.withdraw()
    late = submitted(ApplicationFactory(call=call, city="Late"), number=9)
    assert sorted(pk for pk, _ in stored_order(call)) == [kept.pk, late.pk]
    assert Standing.objects.filter(call=call).count() >= 2


def test_standings_put_right_what_a_bulk_change_left(call, coordinator):
    """``QuerySet.update`` sends no signal: reading the ranking still notices the change."""
    kept, withdrawn = make_applications(call, 2)
    Application.objects.filter(pk=withdrawn.pk).update(state=Application.State.WITHDRAWN)
    assert [pk for pk, _ in stored_order(call)] == [kept.pk]
    Application.objects.filter(pk=withdrawn.pk).update(state=Application.State.SUBMITTED)
    assert [pk for pk, _ in stored_order(call)] == [kept.pk, withdrawn.pk]
    assert Standing.objects.filter(call=call).count() == 2


def test_a_deleted_review_no_longer_counts(call, coordinator):
    (application,) = make_applications(call, 1)
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    review_of(application, reviewers[0], [5, 5], actor=coordinator)
    removed = review_of(application, reviewers[1], [1, 1], actor=coordinator)
    assert stored_order(call) == [(application.pk, Decimal("6.00"))]
    removed.delete()
    assert stored_order(call) == [(application.pk, Decimal("10.00"))]
    _criteria, rows = call_ranking(call)
    assert rows[0].result.reviews_in == 1


def test_ranking_rows_show_what_a_coordinator_decides_on(client, call, coordinator):
    call.spread_threshold = Decimal("1.5")
    call.save()
    disputed, blocked = make_applications(call, 2)
    criterion = call.criteria.first()
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    review_of(disputed, reviewers[0], [1, 4], actor=coordinator)
    review_of(disputed, reviewers[1], [5, 4], actor=coordinator)
    record_consensus(disputed, criterion, Decimal("4.5"), "Agreed", actor=coordinator)
    record_decision(
        disputed, outcome="reserve", reserve_rank=1, rationale="Close", actor=coordinator
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:reviews_ranking", args=[call.pk])).content.decode()

    first, second = page.split('id="ranking"')[1].split("<tbody>")[1].split("</tr>")[:2]
    application_page = reverse("admin:applications_application_change", args=[disputed.pk])
    reference = f'<a href="{application_page}">{disputed.reference}</a>'
    assert f"<td>1</td><td>{reference}</td><td>{disputed.city}</td>" in first
    consensus = "4.50 <small>(consensus)</small> <strong>⚠ wide spread 4.00"
    assert f'<td class="disputed">{consensus}' in first
    assert "<td><strong>8.50</strong></td><td>2 / 2</td><td>yes</td><td>Reserve 1</td>" in first
    assert f'<a href="../../application/{disputed.pk}/letter.pdf">Letter (PDF)</a>' in first
    assert "<td>2</td><td><a href=" in second and f">{blocked.reference}</a></td>" in second
    assert "<td><strong>—</strong></td><td>0 / 2</td>" in second
    assert '<td class="blocked">not fully scored</td><td>—</td>' in second
    assert "letter.pdf" not in second


def test_a_wide_spread_without_consensus_shows_its_warning_as_markup(client, call, coordinator):
    call.spread_threshold = Decimal("1.5")
    call.save()
    (disputed,) = make_applications(call, 1)
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    review_of(disputed, reviewers[0], [1, 4], actor=coordinator)
    review_of(disputed, reviewers[1], [5, 4], actor=coordinator)
    client.force_login(coordinator)

    page = client.get(reverse("admin:reviews_ranking", args=[call.pk])).content.decode()

    table = page.split('id="ranking"')[1].split("</table>")[0]
    assert "&lt;" not in table and "&gt;" not in table
    assert '<td class="disputed">3.00 <strong>⚠ wide spread 4.00</strong></td>' in table


def table_rows(page: str) -> int:
    return page.split('id="ranking"')[1].split("</table>")[0].count("<tr>")


def test_ranking_pages_hold_a_hundred_ranks_each(client, call, coordinator):
    applications = make_applications(call, 103)
    reviewer = UserFactory(roles=["reviewer"])
    review_of(applications[50], reviewer, [5, 5], actor=coordinator)
    client.force_login(coordinator)
    url = reverse("admin:reviews_ranking", args=[call.pk])

    first = client.get(url).content.decode()
    assert table_rows(first) == 101  # the header row and 100 ranks
    assert first.index(applications[50].reference) < first.index(applications[0].reference)
    assert "Ranks 1 to 100 of 103." in first
    top = applications[50].pk
    for name, tail in (("reviews_decide", "decide/"), ("reviews_consensus", "consensus/")):
        link = f'href="../../application/{top}/{tail}"'
        assert link in first
        assert urljoin(url, link[6:-1]) == reverse(f"admin:{name}", args=[top])
    assert 'href="?page=2"' in first

    last = client.get(url, {"page": "2"}).content.decode()
    assert table_rows(last) == 4
    assert "<td>101</td>" in last and "<td>103</td>" in last
    assert applications[-1].reference in last
    # A page number that is not a number, or past the end, shows a page rather than an error.
    assert client.get(url, {"page": "x"}).content.decode().count("<td>1</td>") == 1
    assert "<td>103</td>" in client.get(url, {"page": "99"}).content.decode()


def test_a_page_of_the_ranking_reads_only_its_rows(call, coordinator):
    make_applications(call, 5)
    _criteria, page, rows = ranking_page(call, 1)
    assert page.paginator.count == 5 and len(rows) == 5
    assert {row.application.state for row in rows} == {Application.State.SUBMITTED}


@pytest.mark.django_db(transaction=True)
def test_reviewers_submitting_at_once_all_count(postgres, call, coordinator):
    """Reviews of the same applications submitted at the same moment: every one counts."""
    applications = make_applications(call, 8)
    reviewers = [UserFactory(roles=["reviewer"]) for _ in range(2)]
    reviews = [
        declare_conflict(assign_reviewer(application, r, actor=coordinator), conflict=False)
        for application in applications
        for r in reviewers
    ]
    barrier = threading.Barrier(len(reviewers))
    errors = []

    def submit(mine, value):
        try:
            for review in mine:
                barrier.wait()
                score(review, [value, value])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(reviews[n :: len(reviewers)], 2 + 2 * n))
        for n in range(len(reviewers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    standings = Standing.objects.filter(call=call)
    assert [(s.reviews_in, s.total) for s in standings] == [(2, Decimal("6.00"))] * 8


@given(st.lists(st.tuples(HALF_POINTS, HALF_POINTS, st.booleans()), min_size=1, max_size=15))
def test_rank_key_orders_as_total_then_tie_breaks_then_id(entries):
    rules = [CriterionRule(0, Decimal("1.5"), tie_break_rank=2), CriterionRule(1, Decimal("2"),
             tie_break_rank=1)]  # fmt: skip
    results = [
        assess(
            n,
            rules,
            {0: [a], 1: [b]} if scored else {0: [a]},
            {},
            spread_threshold=Decimal(2),
            total_threshold=None,
            reviews_in=1,
            reviews_expected=1,
        )  # fmt: skip
        for n, (a, b, scored) in enumerate(entries)
    ]

    def expected(result):
        c = result.criteria
        return (result.total is None, -(result.total or 0), -(c[1].value or 0),
                -(c[0].value or 0), result.application_id)  # fmt: skip

    assert [r.application_id for r in rank(results, rules)] == [
        r.application_id for r in sorted(results, key=expected)
    ]
