import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications.models import Application
from tests.factories import ApplicationFactory, CallFactory, ThemeFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def form_data(call, action="save", **values):
    data = {"action": action, "themes": [t.pk for t in call.themes.all()]}
    data.update(
        city="Lyon", country="FR", officer_name="Ana", department="Social", position="Head",
        phone="+33 1", email="ana@example.org", expertise="E", relevance="R",
        challenge="A concrete challenge", question="One question?",
    )  # fmt: skip
    data.update(values)
    return data


def url(name, application_or_call):
    call = getattr(application_or_call, "call", application_or_call)
    return reverse(f"applications:{name}", args=[call.slug])


@pytest.fixture
def officer(client):
    user = UserFactory(roles=["applicant"])
    client.force_login(user)
    return user


def test_save_draft_keeps_incomplete_answers(client, officer):
    call = CallFactory()
    response = client.post(url("edit", call), {"action": "save", "city": "Half"})
    assert response.status_code == 302
    application = Application.objects.get(applicant=officer)
    assert (application.city, application.state) == ("Half", "draft")
    assert "Half" in client.get(url("edit", call)).content.decode()


def test_submit_shows_each_problem_beside_its_field_and_keeps_input(client, officer):
    call = CallFactory(word_limit=3)
    response = client.post(
        url("edit", call),
        form_data(call, action="submit", question="", challenge="one two three four"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_question"' in page or "invalid-feedback" in page
    assert "This field is required." in page
    assert "3 words or fewer (it has 4)" in page
    assert "one two three four" in page
    assert Application.objects.get(applicant=officer).challenge == "one two three four"


def test_submit_gives_reference_and_receipt_with_the_answers(client, officer):
    call = CallFactory(reference_prefix="CHC")
    response = client.post(url("edit", call), form_data(call, action="submit"), follow=True)
    application = Application.objects.get(applicant=officer)
    assert application.reference in response.content.decode()
    pdf = client.get(url("receipt", call))
    assert pdf["Content-Type"] == "application/pdf"
    assert f"{application.reference}-receipt.pdf" in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for answer in ["Lyon", "A concrete challenge", "One question?", application.reference]:
        assert answer in text


def test_submit_leads_to_a_confirmation_page_with_what_happens_next(client, officer):
    call = CallFactory(reference_prefix="CHC")
    response = client.post(url("edit", call), form_data(call, action="submit"))
    application = Application.objects.get(applicant=officer)
    assert response.status_code == 302
    assert response["Location"] == url("submitted", call)
    page = client.get(response["Location"]).content.decode()
    assert "Application submitted" in page and application.reference in page
    assert "What happens next" in page
    assert officer.email in page
    assert url("receipt", call) in page and reverse("applications:mine") in page


def test_confirmation_page_is_only_for_the_applicant_of_a_submitted_application(client, officer):
    application = submitted(ApplicationFactory(), number=1)
    assert client.get(url("submitted", application.call)).status_code == 404
    draft = ApplicationFactory(applicant=officer)
    assert client.get(url("submitted", draft.call)).status_code == 404


def test_autosave_saves_a_draft_and_answers_json(client, officer):
    call = CallFactory(time_zone="Europe/Brussels")
    response = client.post(url("autosave", call), {"city": "Typed so far"})
    assert response.status_code == 200
    assert "saved_at" in response.json()
    label = response.json()["saved_at_label"]
    assert label.startswith("Draft saved at ") and label.endswith(" (Brussels time).")
    assert ".." not in label
    assert Application.objects.get(applicant=officer).city == "Typed so far"


def test_autosave_does_not_touch_a_submitted_application(client, officer):
    application = submitted(ApplicationFactory(applicant=officer), number=1)
    response = client.post(url("autosave", application), {"city": ""})
    assert response.status_code == 409
    application.refresh_from_db()
    assert application.city


@pytest.mark.parametrize("name", ["edit", "receipt", "withdraw", "delete", "autosave"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    application = submitted(ApplicationFactory(), number=1)
    response = (
        client.post(url(name, application))
        if name == "autosave"
        else client.get(url(name, application))
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["applicant", "coordinator"])
def test_nobody_else_reaches_an_application(client, role):
    application = submitted(ApplicationFactory(city="Secret City"), number=1)
    client.force_login(UserFactory(roles=[role], is_staff=role == "coordinator"))
    assert "Secret City" not in client.get(url("edit", application)).content.decode()
    assert client.get(url("receipt", application)).status_code == 404
    assert client.get(url("withdraw", application)).status_code == 404
    assert client.post(url("withdraw", application)).status_code == 404
    assert client.post(url("delete", application)).status_code == 404
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED


def test_unverified_accounts_cannot_apply(client):
    client.force_login(UserFactory(verified=False))
    response = client.get(url("edit", CallFactory()))
    assert "confirm your e-mail address" in response.content.decode().lower()
    assert Application.objects.count() == 0


def test_draft_call_cannot_be_applied_to(client, officer):
    call = CallFactory(state="draft")
    assert client.get(url("edit", call)).status_code == 404
    assert client.post(url("edit", call), form_data(call)).status_code == 404


def test_after_deadline_nothing_changes_and_the_draft_stays_readable(client, officer):
    call = CallFactory(deadline=timezone.now() + dt.timedelta(hours=1))
    application = ApplicationFactory(call=call, applicant=officer, city="Kept")
    with time_machine.travel(call.deadline + dt.timedelta(seconds=1)):
        response = client.post(url("edit", call), form_data(call, action="submit"))
        assert response.status_code == 200
        assert "can no longer be changed" in response.content.decode()
        assert "Kept" in response.content.decode()
        assert client.post(url("autosave", call), {"city": "x"}).status_code in (400, 409)
    application.refresh_from_db()
    assert (application.city, application.state) == ("Kept", "draft")


def test_closed_call_without_application_sends_back_to_the_call(client, officer):
    now = timezone.now()
    call = CallFactory(opens_at=now - dt.timedelta(days=9), deadline=now - dt.timedelta(days=1))
    response = client.get(url("edit", call))
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_withdraw_needs_a_post_and_then_withdraws(client, officer):
    application = submitted(ApplicationFactory(applicant=officer), number=1)
    assert "Yes, withdraw it" in client.get(url("withdraw", application)).content.decode()
    client.post(url("withdraw", application))
    application.refresh_from_db()
    assert application.state == Application.State.WITHDRAWN


def test_second_officer_of_a_submitted_city_keeps_their_text(client, officer):
    call = CallFactory()
    submitted(ApplicationFactory(call=call, city="Lyon"), number=1)
    response = client.post(
        url("edit", call), form_data(call, action="submit", city="LYON", question="My words")
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "already been submitted" in page
    assert "My words" in page
    assert Application.objects.get(applicant=officer).question == "My words"


def test_text_is_shown_escaped_in_the_page_and_the_pdf(client, officer):
    call = CallFactory()
    client.post(url("edit", call), form_data(call, action="submit", city=XSS, challenge=XSS))
    application = Application.objects.get(applicant=officer)
    assert application.city == XSS.strip()
    page = client.get(url("edit", call)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    pdf = client.get(url("receipt", call)).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "<script>alert('x')</script>" in text


def test_my_applications_lists_state_and_reference(client, officer):
    submitted(ApplicationFactory(applicant=officer), number=7)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "-007" in page
    assert "Submitted" in page


@pytest.mark.parametrize("count", [1, 12])
def test_my_applications_query_count_does_not_grow(
    client, officer, django_assert_num_queries, count
):
    for _ in range(count):
        ApplicationFactory(applicant=officer)
    client.get(reverse("applications:mine"))  # the session now remembers the verified e-mail
    # Session, user, the applications with their calls and decisions.
    with django_assert_num_queries(3):
        client.get(reverse("applications:mine"))


def test_submit_ties_each_error_and_help_text_to_its_answer(client, officer):
    call = CallFactory()
    response = client.post(url("edit", call), form_data(call, action="submit", question=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert '<label for="id_question" class="form-label">' in page
    assert 'aria-describedby="id_question_helptext id_question_error"' in page
    assert 'aria-invalid="true"' in page
    assert "form-control is-invalid" in page
    error = page.split('id="id_question_error"', 1)[1].split("</div>", 1)[0]
    assert "This field is required." in error
    assert '<a class="alert-link" href="#id_question">' in page  # the summary above the form
    assert 'aria-describedby="id_city_helptext"' in page  # answers without errors


def test_form_offers_only_the_call_themes_and_keeps_the_ticked_ones(client, officer):
    offered, other = ThemeFactory(name="Housing autonomy"), ThemeFactory(name="Not offered")
    call = CallFactory(themes=[offered, ThemeFactory(name="Labour market")])
    ApplicationFactory(call=call, applicant=officer, themes=[offered])
    page = client.get(url("edit", call)).content.decode()
    assert "Not offered" not in page
    assert f'value="{offered.pk}" class="form-check-input" id="id_themes_0" checked' in page
    assert "Labour market" in page
    response = client.post(url("edit", call), form_data(call, themes=[other.pk]))
    assert response.status_code == 400
    assert f"Select a valid choice. {other.pk} is not one of the available choices." in (
        response.content.decode()
    )


@pytest.mark.parametrize("themes", [1, 8])
def test_form_page_query_count_does_not_grow(client, officer, django_assert_num_queries, themes):
    call = CallFactory(themes=ThemeFactory.create_batch(themes))
    ApplicationFactory(call=call, applicant=officer)
    client.get(url("edit", call))  # the session remembers the verified e-mail, the cache the themes
    # Session, user, the application with its call and its ticked themes.
    with django_assert_num_queries(3):
        page = client.get(url("edit", call)).content.decode()
    assert page.count('class="form-check-input"') == themes


def test_a_draft_offers_delete_not_withdraw(client, officer):
    draft = ApplicationFactory(applicant=officer)
    page = client.get(url("edit", draft)).content.decode()
    assert "Delete this draft" in page and "Withdraw this application" not in page
    mine = client.get(reverse("applications:mine")).content.decode()
    assert url("delete", draft) in mine and url("withdraw", draft) not in mine
    assert client.get(url("withdraw", draft)).status_code == 404
    assert client.post(url("withdraw", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT


def test_a_submitted_application_offers_withdraw_not_delete(client, officer):
    application = submitted(ApplicationFactory(applicant=officer), number=1)
    page = client.get(url("edit", application)).content.decode()
    assert "Withdraw this application" in page and "Delete this draft" not in page
    assert client.get(url("delete", application)).status_code == 404
    assert client.post(url("delete", application)).status_code == 404
    assert Application.objects.get(pk=application.pk).state == Application.State.SUBMITTED


def test_deleting_a_draft_asks_first_then_deletes_on_post(client, officer):
    draft = ApplicationFactory(applicant=officer, city="Lyon")
    confirmation = client.get(url("delete", draft)).content.decode()
    assert "Yes, delete the draft" in confirmation and "Lyon" in confirmation
    assert Application.objects.filter(pk=draft.pk).exists()
    response = client.post(url("delete", draft), follow=True)
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert "Your draft has been deleted" in response.content.decode()


def test_another_officers_draft_cannot_be_deleted(client, officer):
    draft = ApplicationFactory()  # someone else's, in a call the officer has not applied to
    assert client.get(url("delete", draft)).status_code == 404
    assert client.post(url("delete", draft)).status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()


def test_after_deleting_a_draft_the_officer_applies_again(client, officer):
    call = CallFactory()
    client.post(url("edit", call), {"action": "save", "city": "First try"})
    client.post(url("delete", call))
    response = client.post(url("edit", call), form_data(call, action="submit"))
    assert response.status_code == 302
    application = Application.objects.get(applicant=officer)
    assert (application.city, application.state) == ("Lyon", "submitted")


def call_page(client, call):
    return client.get(reverse("calls:detail", args=[call.slug])).content.decode()


def test_call_page_invites_an_officer_without_application_to_apply(client, officer):
    assert "Apply for peer support" in call_page(client, CallFactory())


def test_call_page_offers_to_continue_a_draft(client, officer):
    draft = ApplicationFactory(applicant=officer)
    page = call_page(client, draft.call)
    assert "Continue your draft" in page and "last saved" in page
    assert "Apply for peer support" not in page


def test_call_page_shows_a_submission_and_until_when_it_can_change(client, officer):
    call = CallFactory(deadline=timezone.now() + dt.timedelta(hours=1))
    application = submitted(ApplicationFactory(call=call, applicant=officer), number=1)
    page = call_page(client, call)
    assert f"(reference {application.reference})" in page
    assert "You can still change it until the deadline." in page
    with time_machine.travel(call.deadline + dt.timedelta(seconds=1)):
        closed = call_page(client, call)
    assert "Submitted on" in closed and "You can still change it" not in closed


def test_call_page_tells_an_officer_who_withdrew_they_cannot_apply_again(client, officer):
    application = submitted(ApplicationFactory(applicant=officer), number=1)
    client.post(url("withdraw", application))
    page = call_page(client, application.call)
    assert "You withdrew your application on" in page and "cannot apply to this call again" in page
    assert "Apply for peer support" not in page


def test_call_page_standing_is_not_cached_with_the_call_text(client, officer):
    draft = ApplicationFactory(applicant=officer)
    assert "Continue your draft" in call_page(client, draft.call)  # the fragment is cached now
    client.post(url("delete", draft))
    assert "Apply for peer support" in call_page(client, draft.call)
