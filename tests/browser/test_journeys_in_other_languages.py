"""The journeys of people who read another language than English, in their language.

A French city officer signs up, drafts, makes a mistake and submits; the sign-up e-mail, the form,
its error, the confirmation and the receipt PDF are in French. Each expected text is the
catalogue's translation of the English one (and differs from it), so the test holds whatever
wording the translators choose, and fails if a text stays English.
"""

import io
import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from applications.models import Application
from tests.factories import PASSWORD, CallFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def translated(language: str, english: str) -> str:
    with translation.override(language):
        text = translation.gettext(english)
    assert text != english, f"{english!r} has no {language} translation"
    return text


@pytest.fixture
def french_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def pdf_text(path) -> str:
    with open(path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join("".join(page.extract_text() for page in reader.pages).split())


def test_a_french_officer_applies_in_french(french_page):
    page, fr = french_page, (lambda english: translated("fr", english))
    housing = ThemeFactory(name="Housing autonomy", slug="housing")
    housing.name_fr = "Autonomie en matière de logement"
    housing.save()
    call = CallFactory(title="Peer support call", themes=[housing], reference_prefix="CHC")

    page.goto(call.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name=fr("Apply for peer support")).first.click()
    page.get_by_role("link", name=fr("Sign up")).first.click()
    page.locator("#id_email").fill("camille@lyon.example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=fr("Sign up")).click()
    expect(page.get_by_role("heading", name=fr("Check your e-mail"))).to_be_visible()

    # The sign-up e-mail is in French, and its link opens the site in French.
    message = mail.outbox[-1]
    assert fr("Confirm your e-mail address") in message.subject
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    assert "lang=fr" in link
    assert fr("If you did not sign up, you can ignore this e-mail: the account is not used "
              "until the address is confirmed.") in message.body  # fmt: skip
    page.goto("/" + link.split("/", 3)[3])
    page.get_by_role("button", name=fr("Confirm my e-mail address")).click()

    page.goto(call.get_absolute_url())
    page.get_by_role("link", name=fr("Apply for peer support")).first.click()
    page.locator("#id_city").fill("Lyon")
    page.locator("#id_country").select_option("FR")
    page.locator("#id_challenge").fill("Les propriétaires hésitent à louer.")
    page.get_by_role("button", name=fr("Submit application")).click()
    expect(page.get_by_role("alert")).to_contain_text(fr("Please check these answers"))
    expect(page.locator("#id_city")).to_have_value("Lyon")

    for field, value in [("officer_name", "Camille Martin"), ("department", "Logement"),
                         ("position", "Conseillère"), ("phone", "+33 4 00 00 00 00"),
                         ("email", "camille@lyon.example.org"),
                         ("expertise", "Attribution des logements sociaux."),
                         ("relevance", "Un regard neuf."),
                         ("question", "Comment rassurer les propriétaires ?")]:  # fmt: skip
        page.locator(f"#id_{field}").fill(value)
    page.get_by_label("Autonomie en matière de logement").check()
    page.get_by_role("button", name=fr("Submit application")).click()
    heading = page.get_by_role("heading", name=fr("Application submitted"))
    expect(heading).to_be_visible(timeout=30_000)

    application = Application.objects.get(city="Lyon")
    assert application.applicant.preferences.language == "fr"
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Download the receipt (PDF)")).click()
    text = pdf_text(download.value.path())
    assert fr("Receipt of your application") in " ".join(text.split())
    assert "Autonomie en matière de logement" in text
    assert application.reference in text


def test_a_german_champion_reads_the_visit_in_german(page):
    """The demo's Lisbon visit, read by a champion whose stored language is German: the page
    after logging in, the agenda PDF and the personal calendar feed."""
    from django.core.management import call_command

    from demo.visits import seed_visits
    from people.preferences import remember
    from visits.feeds import CalendarFeed

    def de(english: str) -> str:
        return translated("de", english)

    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    lisbon = seed_visits()[0]
    champion = lisbon.team.filter(role="champion").first().champion.user
    champion.set_password(PASSWORD)
    champion.save()
    remember(champion, language="de")

    # The log-in page is English (the browser asks for it); the stored language wins after.
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(champion.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/visits/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name=de("My visits"))).to_be_visible()
    page.goto(lisbon.get_absolute_url())
    with translation.override("de"):
        heading = translation.gettext("Visit to %(city)s") % {"city": lisbon.application.city}
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    with page.expect_download() as download:
        page.get_by_role("link", name=de("Download the agenda (PDF)")).click()
    text = pdf_text(download.value.path())
    with translation.override("de"):
        title = translation.gettext("Agenda of the visit to %(city)s") % {"city": "Lisbon"}
    assert " ".join(title.split()) in text

    feed = CalendarFeed.objects.of(champion)
    calendar = page.request.get(feed.get_absolute_url()).text()
    session = lisbon.sessions.order_by("starts_at").first()
    with translation.override("de"):
        summary = translation.gettext("Preparation: %(topic)s") % {"topic": session.topic}
    assert summary != f"Preparation: {session.topic}"
    assert f"SUMMARY:{summary}"[:60] in calendar.replace("\r\n ", "")
