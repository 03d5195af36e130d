import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.session import log_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CallFactory,
    ChampionWithAccountFactory,
    ThemeFactory,
    UserFactory,
    VisitFactory,
    submitted,
)
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join("".join(pdf_page.extract_text() for pdf_page in reader.pages).split())


def add_agenda_item(page, day, start, end, title, kind):
    """Through the visit page's own "Add an item" form."""
    page.locator("#id_new-day").fill(day)
    page.locator("#id_new-starts_at").fill(start)
    page.locator("#id_new-ends_at").fill(end)
    page.locator("#id_new-title").fill(title)
    page.locator("#id_new-kind").select_option(kind)
    page.get_by_role("button", name="Add the item").click()
    expect(page.locator(".messagelist")).to_contain_text("Agenda saved: ")
    expect(page.locator(".agenda-list", has_text=title)).to_be_visible()


def test_coordinator_plans_a_visit_and_a_champion_reads_and_downloads_the_agenda(page):
    labour = ThemeFactory(name="Labour market", slug="labour-market")
    call = CallFactory(
        themes=[labour],
        visit_window_start=dt.date(2027, 1, 1),
        visit_window_end=dt.date(2027, 6, 30),
    )
    application = ApplicationFactory(call=call, city="Porto", country="PT", themes=[labour])
    visit = VisitFactory(application=submitted(application, number=1))
    champions = []
    for name, city, languages in [("Lucía Ortega", "Madrid", "es, pt, en"),
                                  ("Jonas Becker", "Dortmund", "de, en")]:  # fmt: skip
        champions.append(ChampionWithAccountFactory(name=name, city=city, languages=languages))
        champions[-1].themes.set([labour])
    network = UserFactory(roles=["expert"], email="network@example.org")
    partner = UserFactory(roles=["expert"], email="partner@example.org")
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)

    # The coordinator picks the suggested pair and the two experts.
    log_in(page, coordinator)
    page.goto("/admin/visits/visit/")
    page.locator("#result_list").get_by_role("link", name="Porto").click()
    expect(page.locator(".visit-problems")).to_contain_text("The team needs two champions.")
    page.get_by_role("link", name="Choose the team, with suggestions").click()
    suggestion = page.locator("#suggestions tbody tr").first
    expect(suggestion).to_contain_text("Lucía Ortega (Madrid)")
    expect(suggestion).to_contain_text("pt")
    suggestion.get_by_role("link", name="Use this pair").click()
    page.get_by_label("Expert of the network's secretariat").select_option(label=network.email)
    page.get_by_label("Expert of the expert partner").select_option(label=partner.email)
    page.get_by_role("button", name="Save the team").click()
    expect(page.locator(".messagelist")).to_contain_text("Team saved.")

    # The dates, a preparation session and the agenda, ending with the reflections session.
    page.locator("#id_starts_on").fill("2027-03-09")
    page.get_by_role("button", name="Add another Preparation session").click()
    page.locator("#id_sessions-0-starts_at_0").fill("2027-02-15")
    page.locator("#id_sessions-0-starts_at_1").fill("10:00")
    page.locator("#id_sessions-0-topic").fill("Getting to know the challenge")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    add_agenda_item(page, "2027-03-09", "14:00", "17:00", "Welcome at city hall", "meeting")
    add_agenda_item(page, "2027-03-10", "09:00", "17:00", "Job centre visit", "site_visit")
    add_agenda_item(page, "2027-03-11", "09:00", "11:00", "Closing reflections", "reflection")
    expect(
        page.get_by_text("Everything needed is there: the visit can be confirmed.")
    ).to_be_visible()

    page.get_by_role("button", name="Confirm the visit").click()
    expect(page.locator(".messagelist")).to_contain_text("The visit is now: Confirmed.")
    visit.refresh_from_db()
    assert (visit.state, visit.ends_on) == (Visit.State.CONFIRMED, dt.date(2027, 3, 11))
    assert visit.agenda.count() == 3

    # A champion on the team reads the agenda under "My visits" and downloads it.
    log_in(page, champions[0].user)
    page.get_by_role("link", name="My visits").click()
    page.get_by_role("link", name="Porto").click()
    expect(page.get_by_role("heading", name="Visit to Porto")).to_be_visible()
    last_day = page.locator(".agenda-day", has_text="Thursday 11 March 2027")
    expect(last_day).to_contain_text("Closing reflections")
    expect(last_day).to_contain_text("09:00–11:00 Lisbon time (WET)")
    expect(page.locator(".sessions")).to_contain_text("Getting to know the challenge")
    expect(page.locator(".team")).to_contain_text("Jonas Becker")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the agenda (PDF)").click()
    text = pdf_text(download.value)
    for fact in ["Agenda of the visit to Porto", "Welcome at city hall", "Job centre visit",
                 "Closing reflections", "Thursday 11 March 2027", "Lucía Ortega"]:  # fmt: skip
        assert fact in text, fact


def test_visit_pages_pass_axe_and_fit_a_phone(page):
    from django.core.management import call_command

    from demo.visits import seed_visits
    from tests.browser.a11y import assert_accessible, assert_fits_width

    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    lisbon = seed_visits()[0]
    host = lisbon.application.applicant
    host.set_password(PASSWORD)
    host.save()
    champion = lisbon.team.filter(role="champion").first().champion.user
    champion.set_password(PASSWORD)
    champion.save()

    log_in(page, champion)
    for path in ["/visits/", lisbon.get_absolute_url()]:
        page.goto(path)
        assert_accessible(page)
    log_in(page, host)
    for path in [lisbon.get_absolute_url(), f"/visits/{lisbon.pk}/proposal/",
                 f"/visits/{lisbon.pk}/feedback/"]:  # fmt: skip
        page.goto(path)
        assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(lisbon.get_absolute_url())
    assert_fits_width(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, UserFactory(roles=["coordinator"], is_staff=True))
    for path in ["/admin/visits/visit/", f"/admin/visits/visit/{lisbon.pk}/change/",
                 f"/admin/visits/visit/{lisbon.pk}/team/",
                 f"/admin/visits/visit/feedback/{lisbon.application.call_id}/"]:  # fmt: skip
        page.goto(path)
        assert_accessible(page)
        assert_fits_width(page, 1280)  # the staff pages fit a 1,280 px window
        expect(page.locator(".timezonewarning")).to_have_count(0)
