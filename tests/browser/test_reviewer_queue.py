"""A reviewer works through their queue with the keyboard alone: one page load per application."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Review
from reviews.services import assign_reviewer
from tests.browser.a11y import assert_accessible
from tests.browser.session import log_in
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    UserFactory,
    submitted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIES = ["Aarhus", "Bergen", "Cork", "Delft", "Espoo"]


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")


def test_reviewer_scores_five_applications_with_the_keyboard_and_submit_and_next(page):
    call = CallFactory(title="Peer support call", reviewers_per_application=1)
    criteria = [
        CriterionFactory(call=call, name="Relevance", order=1),
        CriterionFactory(call=call, name="Feasibility", order=2),
    ]
    reviewer = UserFactory(roles=["reviewer"], is_staff=True)
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    applications = [
        submitted(ApplicationFactory(call=call, city=city), number=number)
        for number, city in enumerate(CITIES, start=1)
    ]
    # Assigned in reverse: the queue still lists them by reference.
    reviews = [assign_reviewer(a, reviewer, actor=coordinator) for a in reversed(applications)]

    log_in(page, reviewer)
    page.goto(reverse("admin:reviews_queue"))
    expect(page.get_by_text("0 of 5 submitted")).to_be_visible()
    assert_accessible(page)

    loads = []
    page.on("framenavigated", lambda frame: loads.append(frame.url) if frame == page.main_frame
            else None)  # fmt: skip
    tab_to(page, "a.queue-next")
    page.keyboard.press("Enter")
    for number, city in enumerate(CITIES, start=1):
        expect(page.locator("h1")).to_contain_text(city)
        assert len(loads) == number, loads
        if number == 1:
            assert_accessible(page)
        tab_to(page, "#id_conflict_0")
        page.keyboard.press("Space")
        for criterion, score in zip(criteria, ["4", "3"], strict=True):
            tab_to(page, f"#id_score_{criterion.pk}")
            page.keyboard.type(score)
            page.keyboard.press("Tab")  # to the comment
            page.keyboard.type(f"{criterion.name} of {city}.")
        tab_to(page, 'button[value="submit_next"]')
        page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("Nothing left to review in this call")
    expect(page.get_by_text("5 of 5 submitted")).to_be_visible()
    assert len(loads) == len(CITIES) + 1, loads  # five score pages, then the queue
    assert_accessible(page)
    for review in reviews:
        review.refresh_from_db()
        assert review.state == Review.State.SUBMITTED
        assert [s.value for s in review.scores.all()] == [4, 3]
        assert review.scores.first().comment == f"Relevance of {review.application.city}."
