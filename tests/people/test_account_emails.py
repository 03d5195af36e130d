"""Account e-mails and messages in the house voice: our site's name and address, the person's
e-mail address, never the request's host or a generated user name."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SITE = "https://calls.citieshelpingcities.eu"
ALLAUTH_DEFAULTS = ("Hello from", "You're receiving this e-mail because user",
                    "You're receiving this email because user", "Thank you for using")  # fmt: skip


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def assert_house_voice(message, *, username=None) -> None:
    text = f"{message.subject}\n{message.body}"
    for host in ("127.0.0.1", "testserver", "example.com", "localhost"):
        assert host not in text, f"{host!r} in {message.subject!r}"
    for phrase in ALLAUTH_DEFAULTS:
        assert phrase not in text
    if username:  # the address may begin with it: look outside the addresses
        assert username not in re.sub(r"\S+@\S+", "", text)
    assert message.subject.startswith("[Cities Helping Cities] ")
    assert "Cities Helping Cities" in message.body
    for link in re.findall(r"https?://\S+", message.body):
        assert link == SITE or link.startswith(SITE + "/"), link


def _sign_up(client, email="new.officer@example.org"):
    client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD,
                                            "password2": PASSWORD})  # fmt: skip
    return get_user_model().objects.get(email=email)


def test_the_verification_email_names_our_site_and_links_to_it(client):
    user = _sign_up(client)
    assert user.username != user.email  # allauth made one up: it must not show
    (message,) = mail.outbox
    assert_house_voice(message, username=user.username)
    assert message.subject == "[Cities Helping Cities] Confirm your e-mail address"
    assert "new.officer@example.org" in message.body
    link = re.search(r"\S+/accounts/confirm-email/\S+/", message.body).group(0)
    response = client.post(link.removeprefix(SITE), follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "You are logged in." in texts
    assert user.username not in re.sub(r"\S+@\S+", "", " ".join(texts))


def test_signing_up_again_with_a_known_address_sends_our_email(client):
    UserFactory(email="known@example.org", username="someone-else")
    _sign_up(client, "known@example.org")
    (message,) = mail.outbox
    assert_house_voice(message, username="someone-else")
    assert SITE + "/accounts/password/reset/" in message.body


def test_the_password_reset_email_has_no_username_and_a_link_to_our_site(client):
    user = UserFactory(email="reset@example.org", username="generated.name.2026")
    client.post(reverse("account_reset_password"), {"email": "reset@example.org"})
    (message,) = mail.outbox
    assert_house_voice(message, username=user.username)
    link = re.search(r"\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    form = client.get(link.removeprefix(SITE), follow=True)
    assert "New password" in form.content.decode()
    new = "An0ther-long-pass"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_a_reset_for_an_unknown_address_sends_our_email(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert_house_voice(message)
    assert SITE + "/accounts/signup/" in message.body


def test_the_messages_after_log_in_and_log_out_name_nobody(client):
    user = UserFactory(email="officer@example.org", username="new.officer.20261202032600")
    response = client.post(reverse("account_login"),
                           {"login": user.email, "password": PASSWORD}, follow=True)  # fmt: skip
    logged_in = [str(m) for m in response.context["messages"]]
    assert logged_in == ["You are logged in."]
    response = client.post(reverse("account_logout"), follow=True)
    logged_out = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    assert "You are logged out." in logged_out
    assert user.username not in response.content.decode()


STOCK_WORDS = ("Sign In", "Sign Up", "Remember Me", "Sign Out", "Password Reset", "Email Addresses")


@pytest.mark.parametrize(
    "name",
    ["account_login", "account_signup", "account_reset_password",
     "account_reset_password_done", "account_email_verification_sent"],
)  # fmt: skip
def test_the_public_account_pages_speak_our_words(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "Cities Helping Cities" in page
    for words in STOCK_WORDS:
        assert words not in page


def test_the_logged_in_account_pages_speak_our_words(client):
    user = UserFactory(email="officer@example.org", username="gen.name.42")
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    for name in ["account_logout", "account_email", "account_change_password",
                 "account_reauthenticate", "mfa_index"]:  # fmt: skip
        response = client.get(reverse(name))
        page = response.content.decode()
        assert response.status_code == 200, name
        assert "gen.name.42" not in page
        for words in STOCK_WORDS:
            assert words not in page, (name, words)


def test_the_login_form_says_keep_me_logged_in_and_summarises_errors(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Keep me logged in" in page and "E-mail address" in page
    wrong = client.post(reverse("account_login"), {"login": "a@example.org", "password": "x"})
    page = wrong.content.decode()
    assert 'id="error-summary"' in page
    assert "You are not logged in yet" in page
