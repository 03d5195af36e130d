"""The layout's name mark, funding line and EU emblem slot."""

import pytest

from consolidate.context_processors import eu_emblem

pytestmark = pytest.mark.django_db
DISCLAIMER = "Co-funded by the European Union. Views and opinions expressed are however"


@pytest.fixture
def emblem_lookup():
    eu_emblem.cache_clear()
    yield
    eu_emblem.cache_clear()


def test_footer_carries_the_funding_line_and_no_emblem_without_its_file(
    client, settings, emblem_lookup
):
    settings.EU_EMBLEM_PATH = "img/eu-emblem-not-there.svg"
    page = client.get("/").content.decode()
    assert DISCLAIMER in page
    assert "eu-emblem" not in page
    assert settings.NETWORK_NAME in page


def test_footer_shows_the_emblem_once_the_operator_puts_it_in_place(
    client, settings, emblem_lookup
):
    settings.EU_EMBLEM_PATH = "img/favicon.svg"  # any file that exists under static/
    page = client.get("/").content.decode()
    assert '<img class="eu-emblem" src="/static/img/favicon.svg"' in page


def test_header_shows_the_name_mark_beside_the_name_as_text(client):
    page = client.get("/").content.decode()
    assert 'src="/static/img/mark.svg" alt="" aria-hidden="true"' in page
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
