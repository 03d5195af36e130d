"""A champion on the road: the visit's page, opened once during the visit, reads again offline."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y import assert_fits_width
from tests.browser.session import log_in
from tests.factories import (
    AgendaItemFactory,
    ApplicationFactory,
    CallFactory,
    ChampionWithAccountFactory,
    UserFactory,
    VisitFactory,
    submitted,
)
from visits.services import schedule_visit, set_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit_under_way():
    """A Lisbon visit whose first day is today on Lisbon's clock, with a champion's phone."""
    today = timezone.localdate(timezone=dt.UTC)
    call = CallFactory(visit_window_start=today - dt.timedelta(days=30),
                       visit_window_end=today + dt.timedelta(days=30))  # fmt: skip
    application = ApplicationFactory(call=call, city="Lisbon", country="PT")
    visit = VisitFactory(application=submitted(application, number=1))
    first = visit.local_today()
    champions = [
        ChampionWithAccountFactory(name="Lucía Ortega", city="Madrid", phone="+34 600 000 001"),
        ChampionWithAccountFactory(name="Jonas Becker", city="Dortmund"),
    ]
    coordinator = UserFactory(roles=["coordinator"])
    set_team(visit, champions, actor=coordinator)
    visit = schedule_visit(visit, first, actor=coordinator)
    AgendaItemFactory(visit=visit, day=first + dt.timedelta(days=1), title="Tomorrow's meeting")
    AgendaItemFactory(visit=visit, day=first, title="Today's welcome", starts_at=dt.time(14),
                      ends_at=dt.time(15))  # fmt: skip
    return visit, champions[0].user


def test_a_champion_reads_the_visit_again_without_signal_on_a_phone(page):
    visit, champion = visit_under_way()
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, champion)
    page.goto(visit.get_absolute_url())
    days = page.locator(".agenda-day")
    expect(days.first).to_contain_text("Today")
    expect(days.first).to_contain_text("Today's welcome")
    expect(page.locator(".team")).to_contain_text("+34 600 000 001")
    assert_fits_width(page)
    # The service worker has kept the page and its PDF: the status line says so.
    expect(page.locator("#offline[data-ready=yes]")).to_be_visible()

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Visit to Lisbon")).to_be_visible()
    expect(page.locator(".agenda-day").first).to_contain_text("Today's welcome")
    assert_fits_width(page)
    page.context.set_offline(False)
