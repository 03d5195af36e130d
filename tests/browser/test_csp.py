import pytest
from django.core.management import call_command

from tests.browser.test_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_breaks_the_content_security_policy(page):
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ["/", "/calls/cities-helping-cities/", "/accounts/login/"]:
        page.goto(path)
    log_in(page, "applicant@example.org")
    page.goto("/applications/cities-helping-cities/")
    page.get_by_label("City").fill("Typed")
    log_in(page, "coordinator@example.org")
    for path in ["/admin/", "/admin/calls/call/", "/admin/applications/application/",
                 "/admin/reviews/review/", "/admin/calls/criterion/add/"]:  # fmt: skip
        page.goto(path)
    assert refused == []
