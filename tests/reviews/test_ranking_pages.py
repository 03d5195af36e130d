"""The ranking's page links, written in Python, are what the template used to write."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.utils import translation

from reviews.templatetags.ranking_pages import ranking_pages

# admin/reviews/_ranking_pages.html as it was, the reference for the HTML.
TEMPLATE = Template(
    """{% load i18n %}{% if page.has_other_pages %}
<nav class="paginator ranking-pages" aria-label="{{ label }}">
  {% if page.has_previous %}<a href="?page={{ page.previous_page_number }}" rel="prev">{% translate "Previous page" %}</a>{% endif %}
  {% for number in page.paginator.page_range %}
    {% if number == page.number %}<span class="this-page" aria-current="page">{{ number }}</span>
    {% elif number == 1 or number == page.paginator.num_pages or number >= page.number|add:"-3" and number <= page.number|add:"3" %}<a href="?page={{ number }}" aria-label="{% blocktranslate %}Page {{ number }}{% endblocktranslate %}">{{ number }}</a>
    {% elif number == 2 or number == page.paginator.num_pages|add:"-1" %}<span aria-hidden="true">…</span>{% endif %}
  {% endfor %}
  {% if page.has_next %}<a href="?page={{ page.next_page_number }}" rel="next">{% translate "Next page" %}</a>{% endif %}
</nav>
{% endif %}
"""  # noqa: E501 (the template as it was written, one line per line)
)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("count", "number"),
    [(0, 1), (100, 1), (101, 1), (101, 2), (900, 5), (10_000, 1), (10_000, 4), (10_000, 40),
     (10_000, 97), (10_000, 100)],
)  # fmt: skip
def test_page_links_are_the_templates(language, count, number):
    page = Paginator(range(count), 100).get_page(number)
    label = 'Ranking pages, <"above">'
    with translation.override(language):
        expected = TEMPLATE.render(Context({"page": page, "label": label}))
        assert ranking_pages(page, label) == expected
