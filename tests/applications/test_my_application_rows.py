"""My applications' rows, written in Python, are what the template's loop wrote: byte for byte,
in each state, each outcome and each language, escaped."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from applications.models import Application
from applications.views import MY_APPLICATIONS_UNREAD
from reviews.models import Decision
from tests.factories import ApplicationFactory, CallFactory, UserFactory, submitted

pytestmark = pytest.mark.django_db

LOOP = """{% load i18n formats %}
  {% for application in applications %}
    <tr role="row">
      <td role="cell" data-label="{% translate "Call" %}"><a href="{% url 'applications:edit' application.call.slug %}">{{ application.call.title }}</a></td>
      <td role="cell" data-label="{% translate "City" %}">{{ application.city|default:"—" }}</td>
      <td role="cell" data-label="{% translate "Reference" %}" class="text-nowrap">{{ application.reference|default:"—" }}</td>
      <td role="cell" data-label="{% translate "State" %}">{{ application.get_state_display }}{% if application.can_be_deleted %}
        · <a href="{% url 'applications:delete' application.call.slug %}" class="link-danger">{% translate "Delete this draft" %}</a>{% elif application.can_be_withdrawn %}
        · <a href="{% url 'applications:withdraw' application.call.slug %}" class="link-danger">{% translate "Withdraw" %}</a>{% endif %}</td>
      <td role="cell" data-label="{% translate "Outcome" %}">{% if application.call.decisions_released_at and application.decision %}{{ application.decision.get_outcome_display }}{% if application.decision.reserve_rank %} ({% blocktranslate with rank=application.decision.reserve_rank %}reserve {{ rank }}{% endblocktranslate %}){% endif %}
        · <a href="{% url 'reviews:letter' application.call.slug %}">{% translate "Decision letter (PDF)" %}</a>{% if application.decision.outcome == "selected" %}
        · <a href="{% url 'visits:hosted' application.call.slug %}">{% translate "Your visit" %}</a>{% endif %}{% else %}—{% endif %}</td>
      <td role="cell" data-label="{% translate "Last saved" %}">{{ application.updated_at|moment }}</td>
    </tr>
  {% endfor %}
"""  # noqa: E501 (the loop exactly as mine.html wrote it)
TAG = """{% load my_applications %}
  {% my_application_rows applications %}
"""


def decided(application, outcome, reserve_rank=None):
    Decision.objects.create(
        application=application, call=application.call, outcome=outcome,
        reserve_rank=reserve_rank, rationale="x", decided_by=UserFactory(),
    )  # fmt: skip


@pytest.fixture
def officers_applications():
    officer = UserFactory()
    released = CallFactory(
        title="Released <b>call</b>", opens_at=timezone.now() - dt.timedelta(days=60),
        deadline=timezone.now() - dt.timedelta(days=30),
    )  # fmt: skip
    released_too = CallFactory(
        opens_at=released.opens_at, deadline=released.deadline, title="Reserve & co"
    )
    closed = CallFactory(opens_at=released.opens_at, deadline=released.deadline)
    for call, outcome, rank in [(released, "selected", None), (released_too, "reserve", 2),
                                (closed, "rejected", None)]:  # fmt: skip
        decided(
            submitted(ApplicationFactory(call=call, applicant=officer), number=1), outcome, rank
        )
    for call in (released, released_too):
        call.decisions_released_at = timezone.now()
        call.save()
    ApplicationFactory(applicant=officer, city="", call=CallFactory(title="Draft’s “call”"))
    submitted(ApplicationFactory(applicant=officer, city="<script>x</script>"), number=4)
    withdrawn = submitted(ApplicationFactory(applicant=officer), number=5)
    Application.objects.filter(pk=withdrawn.pk).update(state=Application.State.WITHDRAWN)
    # As the page reads them: only what a row shows.
    listed = Application.objects.of(officer).select_related("call", "decision")
    return list(listed.defer(*MY_APPLICATIONS_UNREAD).order_by("-created_at"))


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_the_tag_writes_what_the_loop_wrote(
    officers_applications, language, django_assert_num_queries
):
    with translation.override(language):
        expected = Template(LOOP).render(Context({"applications": officers_applications}))
        with django_assert_num_queries(0):  # nothing the rows show was left unread
            written = Template(TAG).render(Context({"applications": officers_applications}))
    assert written == expected
    assert written.count("<tr ") == 6
    assert "&lt;script&gt;" in written and "<script>" not in written
    assert "Released &lt;b&gt;call&lt;/b&gt;" in written
