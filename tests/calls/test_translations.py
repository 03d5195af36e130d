"""The call's own texts in each language: English where a translation is missing, the admin's
marker of complete languages, and the pages and PDFs that show them."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from applications.pdf import render_receipt
from calls.languages import languages_of
from calls.models import Call
from consolidate import page_cache
from tests.calls.test_views import admin_form_data
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CallSectionFactory,
    ContactFactory,
    CostCategoryFactory,
    CriterionFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
OTHERS = ["fr", "de", "es", "it"]


def get_in(client, language: str, url_of):
    """The page at ``url_of()`` as a browser set to ``language`` asks for it (with the URL as
    the site gives it in that language)."""
    # Inside the override: the language the request activates is not left active after it.
    with translation.override(language):
        return client.get(url_of(), HTTP_ACCEPT_LANGUAGE=language)


def page_in(client, language: str, call) -> str:
    response = get_in(client, language, call.get_absolute_url)
    assert response.status_code == 200
    return response.content.decode()


def translated_call(tag="", **texts):
    """A call whose French title, first theme's and criterion's French names are written, and
    nothing else of it in French. ``tag`` tells the themes of several such calls apart."""
    theme = ThemeFactory(name=f"Housing autonomy{tag}", name_fr=f"Autonomie dans le logement{tag}")
    call = CallFactory(
        title="Peer support 2026", title_fr="Soutien entre pairs 2026",
        summary="Two cities get a visit.",
        themes=[theme, ThemeFactory(name=f"Labour market{tag}")], **texts,
    )  # fmt: skip
    criterion = CriterionFactory(call=call, name="Commitment", name_fr="Engagement")
    criterion.levels.create(score=5, description="Fully committed")
    CallSectionFactory(call=call, heading="Why this call", body="Some **context**.")
    return call


def complete_in_every_language(call) -> None:
    """Write every text of ``call`` and its parts in the four other languages."""
    for obj in [call, *call.sections.all(), *call.themes.all(), *call.criteria.all(),
                *(level for c in call.criteria.all() for level in c.levels.all()),
                *call.cost_categories.all(), *call.contacts.all()]:  # fmt: skip
        fields = []
        for field in type(obj)._meta.fields:
            english = field.name.endswith("_en") and getattr(obj, field.name)
            if english:
                for code in OTHERS:
                    name = f"{field.name[:-3]}_{code}"
                    setattr(obj, name, f"{english} [{code}]")
                    fields.append(name)
        obj.save(update_fields=fields)


def test_reading_a_text_gives_the_active_language_or_english():
    call = CallFactory(title="Peer support", title_fr="Soutien entre pairs", summary="Visits.")
    call.refresh_from_db()
    with translation.override("fr"):
        assert (call.title, call.summary) == ("Soutien entre pairs", "Visits.")
    with translation.override("de"):
        assert call.title == "Peer support"
    assert call.title == "Peer support"


def test_call_page_in_french_shows_french_texts_and_english_where_missing(client):
    call = translated_call()
    page = page_in(client, "fr", call)
    for text in ["Soutien entre pairs 2026", "Autonomie dans le logement", "Engagement"]:
        assert text in page, text
    # Not written in French: shown in English rather than left out.
    for text in ["Two cities get a visit.", "Labour market", "Fully committed", "Why this call"]:
        assert text in page, text
    for text in ["Peer support 2026", "Housing autonomy", "Commitment"]:
        assert text not in page, text
    english = page_in(client, "en", call)
    assert "Peer support 2026" in english and "Soutien entre pairs" not in english


def test_cached_call_page_is_kept_per_language(client):
    call = translated_call()
    page_in(client, "en", call)  # caches the English fragment
    assert "Engagement" in page_in(client, "fr", call)
    assert "Commitment" in page_in(client, "en", call)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_warm_call_page_in_any_language_needs_only_the_call(
    client, django_assert_num_queries, language
):
    call = translated_call()
    page_in(client, language, call)
    page_cache.bump()  # the whole page no longer served: the view runs, the fragment is warm
    with django_assert_num_queries(1):
        page_in(client, language, call)
    with django_assert_num_queries(0):  # the next anonymous visitor gets the whole page
        page_in(client, language, call)


def test_cold_call_page_costs_the_same_queries_in_french_as_in_english(client):
    call = translated_call()
    counts = {}
    for language in ["en", "fr"]:
        call.save()  # a new version: the page's fragment is rendered again
        with CaptureQueriesContext(connection) as queries:
            page_in(client, language, call)
        counts[language] = len(queries)
    assert counts["fr"] == counts["en"]


def test_application_form_offers_themes_in_french_with_english_fallback(client):
    call = translated_call()
    client.force_login(UserFactory(roles=["applicant"]))
    ApplicationFactory(call=call, applicant=UserFactory(roles=["applicant"]))  # another city
    page = get_in(client, "fr", lambda: reverse("applications:edit", args=[call.slug]))
    page = page.content.decode()
    assert "Autonomie dans le logement" in page
    assert "Labour market" in page
    assert "Housing autonomy" not in page


def test_receipt_in_french_prints_the_french_title_and_in_spanish_the_english_one():
    call = CallFactory(title="Peer support 2026", title_fr="Soutien entre pairs 2026")
    application = ApplicationFactory(call=call)
    texts = {}
    for language in ["fr", "es"]:
        with translation.override(language):
            pdf = render_receipt(application)
        texts[language] = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Soutien entre pairs 2026" in texts["fr"]
    assert "Peer support 2026" in texts["es"]


def test_languages_of_a_call_lists_what_each_language_lacks():
    call = translated_call()
    status = languages_of(call)
    assert status.complete == ["en"]
    assert status.incomplete == ["fr", "de", "es", "it"]
    french = status.missing["fr"]
    assert "summary" in french and "title" not in french
    assert "criterion “Commitment”: description" in french
    assert "criterion “Commitment”: name" not in french
    assert "score 5.0 of criterion “Commitment”: what it means" in french
    assert "section “Why this call”: heading" in french
    assert "theme “Labour market”: name" in french
    # Eligibility is written in no language: no language lacks it.
    assert not any("eligibility" in text for text in status.missing["de"])


def test_a_call_written_in_every_language_is_complete():
    call = translated_call(eligibility="Cities of the EU.")
    CostCategoryFactory(call=call, name="Meals", description="Lunch and dinner")
    ContactFactory(call=call, role="Project officer")
    complete_in_every_language(call)
    status = languages_of(Call.objects.get(pk=call.pk))
    assert status.complete == ["en", *OTHERS] and status.incomplete == []


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(roles=["coordinator"], is_staff=True))
    return client


def test_admin_list_of_calls_marks_complete_and_missing_languages(staff):
    complete = translated_call()
    complete_in_every_language(complete)
    CallFactory(title="English only")
    page = staff.get(reverse("admin:calls_call_changelist")).content.decode()
    rows = {row.split("</th>")[0]: row for row in page.split('<th class="field-title">')[1:]}
    (complete_row,) = [row for key, row in rows.items() if "Peer support 2026" in key]
    (english_row,) = [row for key, row in rows.items() if "English only" in key]
    assert "EN FR DE ES IT</td>" in complete_row and "missing" not in complete_row
    assert "EN — FR, DE, ES, IT missing" in english_row


@pytest.mark.parametrize("calls", [1, 12])
def test_admin_list_of_calls_query_count_does_not_grow(staff, django_assert_num_queries, calls):
    for number in range(calls):
        translated_call(tag=f" {number}")
    staff.get(reverse("admin:calls_call_changelist"))
    # The same for one call or many: each kind of part (sections, themes, criteria, levels,
    # cost categories, contacts) is loaded once for every call on the page.
    with django_assert_num_queries(13):
        staff.get(reverse("admin:calls_call_changelist"))


def test_call_admin_page_lists_what_each_language_lacks(staff):
    call = translated_call()
    page = staff.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    box = page.split("<ul class='translation-status'>")[1].split("</ul></li></ul>")[0]
    assert "<li><strong>English</strong>: complete</li>" in box
    french = box.split("<strong>Français</strong>: ")[1].split("</details>")[0]
    assert french.startswith("6 texts missing</summary>")
    assert "<li>summary</li>" in french and "<li>title</li>" not in french
    assert "<li>criterion “Commitment”: description</li>" in french
    italian = box.split("<strong>Italiano</strong>: ")[1]
    assert italian.startswith("9 texts missing</summary>") and "<li>title</li>" in italian


def test_admin_saves_a_french_title_shown_to_french_visitors(staff, client):
    call = translated_call()
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = admin_form_data(staff.get(url))
    data["title_fr"] = "Appel 2026 : soutien entre pairs"
    data["summary_de"] = "Zwei Städte erhalten einen Besuch."
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.title_fr == "Appel 2026 : soutien entre pairs"
    assert call.title_en == "Peer support 2026" and call.summary_fr == ""
    french = page_in(client, "fr", call)
    assert "Appel 2026 : soutien entre pairs" in french and "Two cities get a visit." in french
    german = page_in(client, "de", call)
    assert "Peer support 2026" in german and "Zwei Städte erhalten einen Besuch." in german
    english = page_in(client, "en", call)
    assert "Peer support 2026" in english and "Two cities get a visit." in english


def test_admin_needs_the_english_title(staff):
    call = translated_call()
    url = reverse("admin:calls_call_change", args=[call.pk])
    data = admin_form_data(staff.get(url))
    data["title_en"] = ""
    response = staff.post(url, data)
    assert response.status_code == 200
    assert "title_en" in response.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.title_en == "Peer support 2026"


def test_export_of_a_call_holds_its_texts_in_every_language(tmp_path):
    call = translated_call()
    call_command("export_call", call.slug, str(tmp_path), stdout=io.StringIO())
    records = json.loads((tmp_path / "call.json").read_text())
    (exported,) = [r["fields"] for r in records if r["model"] == "calls.call"]
    assert exported["title"] == exported["title_en"] == "Peer support 2026"
    assert exported["title_fr"] == "Soutien entre pairs 2026"
    names = [r["fields"] for r in records if r["model"] == "calls.criterion"]
    assert [(c["name_en"], c["name_fr"]) for c in names] == [("Commitment", "Engagement")]


def test_admin_finds_a_call_by_its_french_title(staff):
    translated_call()
    CallFactory(title="Another call")
    url = reverse("admin:calls_call_changelist")
    page = staff.get(url, {"q": "Soutien entre pairs"}).content.decode()
    assert "Peer support 2026" in page and "Another call" not in page


def test_new_call_page_explains_when_languages_are_counted(staff):
    page = staff.get(reverse("admin:calls_call_add")).content.decode()
    assert "Once the call is saved, this shows which languages are complete." in page
    assert 'name="title_fr"' in page and 'name="title"' not in page
