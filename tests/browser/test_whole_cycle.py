"""The whole cycle, through the pages people use, across roles, with axe on every page."""

import datetime as dt
import io
import re
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from applications.models import Application
from calls.models import Call
from notifications.reminders import send_due_reminders
from reviews.services import assign_reviewers_automatically
from tests.browser.a11y import assert_accessible
from tests.browser.test_visit_journey import add_agenda_item
from tests.factories import (
    PASSWORD,
    CallFactory,
    ChampionWithAccountFactory,
    CriterionFactory,
    ThemeFactory,
    UserFactory,
    real_pdf,
)
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def log_in(page, email, password=PASSWORD):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name=re.compile("Log out|Log Out"))).to_be_visible()


def visit_checked(page, path):
    page.goto(path)
    assert_accessible(page)


def pdf_text(download) -> str:
    with open(download.path(), "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join("".join(p.extract_text() for p in reader.pages).split())


def sign_up_and_verify(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto("/" + link.split("/", 3)[3])
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()


def apply(page, call, city, country, *, submit=True):
    page.goto(call.get_absolute_url())
    page.get_by_role("link", name="Apply for peer support").click()
    assert_accessible(page)
    page.get_by_label("City").fill(city)
    page.get_by_label("Country").select_option(country)
    if not submit:
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Draft saved at")).to_be_visible()
        return
    for label, text in [
        ("Name of the officer", f"Officer of {city}"), ("Department", "Integration"),
        ("Position", "Adviser"), ("Phone", "+32 2 000"), ("E-mail", f"{city.lower()}@example.org"),
        ("Your expertise and responsibilities", "I coordinate services."),
        ("Why peer support would be relevant for your work", "Fresh eyes."),
        ("Description of your challenge", f"Newcomers in {city} wait too long for work."),
        ("Your question for the peer support team", "Where do we start?"),
    ]:  # fmt: skip
        page.get_by_label(label).fill(text)
    page.get_by_label("Labour market").check()
    page.get_by_role("button", name="Submit application").click()
    # The confirmation page comes after the receipt is rendered (eager Celery): wait for its
    # heading, generously, rather than for a fixed time.
    expect(page.get_by_role("heading", name="Application submitted")).to_be_visible(timeout=30_000)
    assert_accessible(page)


def score_all(page, reviewer_email, scores):
    log_in(page, reviewer_email)
    visit_checked(page, "/admin/reviews/review/")
    while page.get_by_role("link", name="Declare conflicts, then score").count():
        page.get_by_role("link", name="Declare conflicts, then score").first.click()
        assert_accessible(page)
        city = Application.objects.get(
            reference=page.locator("h1").inner_text().split(",")[0].split()[-1]
        ).city
        page.get_by_label("I have no conflict of interest").check()
        for fieldset, score in zip(page.locator("fieldset.criterion").all(), scores[city],
                                   strict=True):  # fmt: skip
            fieldset.get_by_label("Score").select_option(label=score)
            fieldset.get_by_label("Comment").fill(f"Scored {score}.")
        page.get_by_role("button", name="Submit review").click()
        expect(page.locator(".messagelist")).to_contain_text("Review submitted.")
        page.goto("/admin/reviews/review/")


def test_the_whole_cycle(page):
    labour = ThemeFactory(name="Labour market", slug="labour-market")
    now = timezone.now()
    call = CallFactory(
        title="Cities Helping Cities", themes=[labour], places=2, reviewers_per_application=1,
        opens_at=now - dt.timedelta(days=20), deadline=now + dt.timedelta(days=5),
        visit_window_start=dt.date(2027, 1, 1), visit_window_end=dt.date(2027, 6, 30),
    )  # fmt: skip
    for order, name in enumerate(["Quality of the application", "Commitment"]):
        CriterionFactory(call=call, name=name, order=order).levels.create(
            score=5, description="Top"
        )
    call.cost_categories.create(name="Interpretation", order=0)
    champions = []
    for name, city in [("Lucía Ortega", "Madrid"), ("Jonas Becker", "Dortmund")]:
        champions.append(ChampionWithAccountFactory(name=name, city=city, languages="en"))
        champions[-1].themes.set([labour])
    UserFactory(roles=["expert"], email="network@example.org")
    UserFactory(roles=["expert"], email="partner@example.org")
    reviewer = UserFactory(roles=["reviewer"], is_staff=True, email="rev@example.org",
                           username="rev@example.org")  # fmt: skip
    coordinator = UserFactory(roles=["coordinator"], is_staff=True, email="coord@example.org",
                              username="coord@example.org")  # fmt: skip

    # A visitor reads the call.
    visit_checked(page, "/")
    page.get_by_role("link", name="Cities Helping Cities").last.click()
    assert_accessible(page)
    expect(page.locator("#criteria")).to_contain_text("Commitment")

    # Two officers of different cities sign up, verify their e-mail and submit; a third drafts.
    for email, city, country in [("lyon@city.example.org", "Lyon", "FR"),
                                 ("graz@city.example.org", "Graz", "AT")]:  # fmt: skip
        sign_up_and_verify(page, email)
        apply(page, call, city, country)
    sign_up_and_verify(page, "tartu@city.example.org")
    apply(page, call, "Tartu", "EE", submit=False)
    visit_checked(page, "/applications/")

    # The draft gets its reminder the day before the deadline.
    assert send_due_reminders(now=call.deadline - dt.timedelta(hours=12)) == 1
    reminder = next(m for m in mail.outbox if "not submitted" in m.subject)
    assert reminder.to == ["tartu@city.example.org"]

    # The reviewer scores both applications in the admin.
    assign_reviewers_automatically(Application.objects.submitted(), actor=coordinator)
    score_all(page, reviewer.email, {"Lyon": ["5", "4.5"], "Graz": ["4", "4"]})

    # The coordinator ranks, selects both cities and releases the decisions.
    log_in(page, coordinator.email)
    visit_checked(page, f"/admin/reviews/review/ranking/{call.pk}/")
    for city in ["Lyon", "Graz"]:
        page.locator("#ranking tr", has_text=city).get_by_role("link", name="Decide").click()
        assert_accessible(page)
        page.get_by_label("Outcome").select_option("selected")
        page.get_by_label("Rationale").fill(f"{city} has a concrete challenge.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".messagelist")).to_contain_text("Decision recorded.")
    expect(page.get_by_text("2 of 2 places selected.")).to_be_visible()
    page.get_by_role("link", name="Release the decisions").click()
    expect(page.get_by_role("button", name="Yes, release the decisions")).to_be_disabled()
    expect(page.locator("#release-problems")).to_contain_text("still open")
    # The deadline passes: the release's checks all pass.
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, release the decisions").click()
    expect(page.locator(".messagelist")).to_contain_text("Decisions released")

    # An officer downloads their decision letter.
    log_in(page, "lyon@city.example.org")
    visit_checked(page, "/applications/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Decision letter (PDF)").click()
    assert "Selected" in pdf_text(download.value)

    # The coordinator plans Lyon's visit.
    visit = Visit.objects.get(application__city="Lyon")
    log_in(page, coordinator.email)
    visit_checked(page, f"/admin/visits/visit/{visit.pk}/change/")
    page.get_by_role("link", name="Choose the team, with suggestions").click()
    assert_accessible(page)
    page.locator("#suggestions tbody tr").first.get_by_role("link", name="Use this pair").click()
    page.get_by_label("Expert of the network's secretariat").select_option(
        label="network@example.org"
    )
    page.get_by_label("Expert of the expert partner").select_option(label="partner@example.org")
    page.get_by_role("button", name="Save the team").click()
    page.locator("#id_starts_on").fill("2027-03-09")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    for day, start, end, title, kind in [
        ("2027-03-09", "14:00", "17:00", "Welcome at city hall", "meeting"),
        ("2027-03-11", "09:00", "11:00", "Closing reflections", "reflection"),
    ]:  # fmt: skip
        add_agenda_item(page, day, start, end, title, kind)
    page.get_by_role("button", name="Confirm the visit").click()
    expect(page.locator(".messagelist")).to_contain_text("Confirmed")
    assert_accessible(page)

    # A champion on the team reads the agenda and downloads it.
    log_in(page, champions[0].user.email)
    page.get_by_role("link", name="My visits").click()
    expect(page.get_by_role("heading", name="My visits", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Lyon").click()
    expect(page.get_by_role("heading", name="Visit to Lyon", level=1)).to_be_visible()
    assert_accessible(page)
    expect(page.locator(".agenda-day", has_text="11 March 2027")).to_contain_text(
        "Closing reflections"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the agenda (PDF)").click()
    assert "Welcome at city hall" in pdf_text(download.value)

    # After the visit: the host claims the lump sum, the coordinator approves, the host answers
    # the questionnaire.
    with time_machine.travel(dt.datetime(2027, 3, 15, 10, tzinfo=BRUSSELS), tick=True):
        claim_and_approve(page, visit, coordinator.email)
        log_in(page, "lyon@city.example.org")
        visit_checked(page, f"/visits/{visit.pk}/feedback/")
        for question in ["insights", "energised", "connections"]:
            page.locator(f"input[name={question}][value='5']").check()
        page.get_by_label("What was most useful?").fill("The job centre visit.")
        page.get_by_label("What will you do next?").fill("Pilot a one-stop desk.")
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_role("status")).to_contain_text("Thank you for your answers.")
        assert_accessible(page)
    visit.refresh_from_db()
    assert visit.feedback.insights == 5


def claim_and_approve(page, visit, coordinator_email):
    """The host claims an interpretation cost with its receipt; the coordinator approves."""
    log_in(page, "lyon@city.example.org")
    page.goto(visit.get_absolute_url())
    page.get_by_role("link", name="Lump-sum claim").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an expense").click()
    page.get_by_label("Category").select_option(label="Interpretation")
    page.get_by_label("Date").fill("2027-03-10")
    page.get_by_label("Description").fill("Interpreter for the site visit")
    page.get_by_label("Amount in EUR").fill("480,00")
    page.get_by_label("Receipt").set_input_files(
        {"name": "interpreter.pdf", "mimeType": "application/pdf", "buffer": real_pdf()}
    )
    page.get_by_role("button", name="Add the expense").click()
    expect(page.locator(".claim-reimbursed")).to_have_text("EUR 480.00")
    page.get_by_label("Account holder").fill("Ville de Lyon")
    page.get_by_label("IBAN").fill("FR14 2004 1010 0505 0001 3M02 606")
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".claim-state")).to_have_text("Submitted")
    assert_accessible(page)

    log_in(page, coordinator_email)
    visit_checked(page, "/admin/visits/lumpsumclaim/")
    page.locator("#result_list").get_by_role("link", name="Lyon").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve EUR 480.00").click()
    expect(page.locator(".messagelist")).to_contain_text("The claim is approved")
