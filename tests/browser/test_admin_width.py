"""The admin pages we wrote fit a 1,280 px window: no sideways scrolling for a coordinator."""

import pytest
from playwright.sync_api import expect

from applications.models import Application
from calls.models import Call
from reviews.models import Review
from tests.browser.test_accessibility import log_in
from visits.models import LumpSumClaim, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def our_admin_pages() -> dict[str, str]:
    visit = Visit.objects.select_related("application").first()
    closed_call = visit.application.call_id
    open_call = Call.objects.exclude(pk=closed_call).get().pk
    reviewed = Application.objects.filter(reviews__state=Review.State.SUBMITTED).first()
    return {
        "visit": f"/admin/visits/visit/{visit.pk}/change/",
        "team": f"/admin/visits/visit/{visit.pk}/team/",
        "claim review": f"/admin/visits/lumpsumclaim/{LumpSumClaim.objects.first().pk}/change/",
        "feedback summary": f"/admin/visits/visit/feedback/{closed_call}/",
        "scoring": f"/admin/reviews/review/{reviewed.reviews.first().pk}/change/",
        "ranking": f"/admin/reviews/review/ranking/{open_call}/",
        "ranking, decided": f"/admin/reviews/review/ranking/{closed_call}/",
        "consensus": f"/admin/reviews/review/application/{reviewed.pk}/consensus/",
        "decide": f"/admin/reviews/review/application/{reviewed.pk}/decide/",
        "release": f"/admin/reviews/review/ranking/{closed_call}/release/",
        "selection reports": f"/admin/reviews/review/ranking/{closed_call}/reports/",
        "drafts": "/admin/applications/application/drafts/",
        "remind drafts": f"/admin/applications/application/drafts/{open_call}/remind/",
    }


def test_our_admin_pages_fit_a_1280_px_window(page, demo):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "coordinator@example.org")
    too_wide = {}
    for name, path in our_admin_pages().items():
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
        assert page.url.endswith(path), f"{name}: {path} led to {page.url}"
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            too_wide[name] = f"{scroll}px in {client}px"
    assert not too_wide, too_wide
