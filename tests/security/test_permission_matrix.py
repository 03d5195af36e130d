"""One permission matrix for the whole site.

Every URL the project defines (read from the URL resolver) must have a row here, so a new URL
without one fails. Each row says what each role gets: 200, 302 (sent to log in, or elsewhere),
403 (staff without the right) or 404 (someone else's object).
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from reviews.models import Decision, Review, SelectionReport
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ChampionWithAccountFactory,
    ExpenseLineFactory,
    LumpSumClaimFactory,
    UserFactory,
    VisitFactory,
    submitted,
)
from visits.feeds import CalendarFeed
from visits.models import TeamMember, Visit

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "host", "other_applicant", "reviewer_assigned", "reviewer_other",
    "coordinator", "champion_on", "champion_off",
]  # fmt: skip
OWN_NAMESPACES = {"people", "calls", "applications", "reviews", "visits"}
OWN_ADMIN_PREFIXES = ("reviews_", "visits_")


def project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    standard = ("_changelist", "_add", "_change", "_delete", "_history")
    return {
        name for name in names
        if name.split(":")[0] in OWN_NAMESPACES
        or (name.startswith("admin:") and name[6:].startswith(OWN_ADMIN_PREFIXES)
            and not name.endswith(standard))
    }  # fmt: skip


def everyone(status):
    return dict.fromkeys(ROLES, status)


def logged_in(status, **exceptions):
    return {"anonymous": 302, **dict.fromkeys(ROLES[1:], status), **exceptions}


def only(allowed: dict, *, others: int):
    return {"anonymous": 302, **dict.fromkeys(ROLES[1:], others), **allowed}


STAFF_ONLY = {"anonymous": 302, "host": 302, "other_applicant": 302, "champion_on": 302,
              "champion_off": 302, "reviewer_assigned": 403, "reviewer_other": 403,
              "coordinator": 200}  # fmt: skip

# name -> (how to build the URL's arguments from the world, method, expected status by role)
MATRIX = {
    "calls:list": (lambda w: [], "get", everyone(200)),
    "calls:detail": (lambda w: [w.call.slug], "get", everyone(200)),
    "people:accessibility": (lambda w: [], "get", everyone(200)),
    "people:privacy": (lambda w: [], "get", everyone(200)),
    "people:my_data": (lambda w: [], "get", logged_in(200)),
    "people:preferences": (lambda w: [], "get", logged_in(200)),
    # Anyone may choose a language: back to the page they came from.
    "people:set_language": (lambda w: [], "post", everyone(302)),
    "people:delete_account": (lambda w: [], "get", logged_in(200)),
    "applications:mine": (lambda w: [], "get", logged_in(200)),
    "applications:start": (lambda w: [w.call.slug], "get", logged_in(302)),
    # Keyed by the logged-in officer: others reach their own (here: none, the call is closed).
    "applications:edit": (lambda w: [w.call.slug], "get", logged_in(302, host=200)),
    "applications:autosave": (lambda w: [w.call.slug], "post", logged_in(409)),
    "applications:withdraw": (lambda w: [w.call.slug], "get", only({"host": 200}, others=404)),
    # The host's application is submitted: it is withdrawn, never deleted.
    "applications:delete": (lambda w: [w.call.slug], "get", only({}, others=404)),
    "applications:receipt": (lambda w: [w.call.slug], "get", only({"host": 200}, others=404)),
    "applications:submitted": (lambda w: [w.call.slug], "get", only({"host": 200}, others=404)),
    "reviews:letter": (lambda w: [w.call.slug], "get", only({"host": 200}, others=404)),
    "visits:mine": (lambda w: [], "get", logged_in(200)),
    # The host's way in: it sends them on to their visit's page.
    "visits:hosted": (lambda w: [w.call.slug], "get", only({"host": 302}, others=404)),
    # A person's feed is for calendar apps: its secret token is the key.
    "visits:calendar": (
        lambda w: [CalendarFeed.objects.of(w.users["champion_on"]).token],
        "get",
        everyone(200),
    ),
    # Renewing one's own feed (POST): back to "My visits".
    "visits:renew_calendar": (lambda w: [], "post", logged_in(302)),
    # The visits' service worker is a script, the same for everyone.
    "visits:service_worker": (lambda w: [], "get", everyone(200)),
    "visits:detail": (
        lambda w: [w.visit.pk],
        "get",
        only({"host": 200, "coordinator": 200, "champion_on": 200}, others=404),
    ),
    "visits:agenda_pdf": (
        lambda w: [w.visit.pk],
        "get",
        only({"host": 200, "coordinator": 200, "champion_on": 200}, others=404),
    ),
    "visits:proposal": (lambda w: [w.visit.pk], "get", only({"host": 200}, others=404)),
    "visits:feedback": (lambda w: [w.visit.pk], "get", only({"host": 200}, others=404)),
    "visits:claim": (
        lambda w: [w.visit.pk],
        "get",
        only({"host": 200, "coordinator": 200}, others=404),
    ),
    "visits:claim_pdf": (
        lambda w: [w.visit.pk],
        "get",
        only({"host": 200, "coordinator": 200}, others=404),
    ),
    "visits:claim_expense_new": (lambda w: [w.visit.pk], "get", only({"host": 200}, others=404)),
    "visits:claim_expense_edit": (
        lambda w: [w.visit.pk, w.expense.pk],
        "get",
        only({"host": 200}, others=404),
    ),
    "visits:claim_expense_delete": (
        lambda w: [w.visit.pk, w.expense.pk],
        "get",
        only({"host": 200}, others=404),
    ),
    "visits:claim_receipt": (
        lambda w: [w.visit.pk, w.expense.pk],
        "get",
        only({"host": 200, "coordinator": 200}, others=404),
    ),
    # A reviewer's own queue: every reviewer (and coordinator) sees their own assignments only.
    "admin:reviews_queue": (
        lambda w: [],
        "get",
        {**STAFF_ONLY, "reviewer_assigned": 200, "reviewer_other": 200},
    ),
    "admin:reviews_ranking": (lambda w: [w.call.pk], "get", STAFF_ONLY),
    # The reports page (a POST there asks for a new report) and one ready report's file.
    "admin:reviews_selection_reports": (lambda w: [w.call.pk], "get", STAFF_ONLY),
    "admin:reviews_selection_report": (lambda w: [w.call.pk, w.report.pk], "get", STAFF_ONLY),
    "admin:reviews_release": (lambda w: [w.call.pk], "get", STAFF_ONLY),
    "admin:reviews_decide": (lambda w: [w.application.pk], "get", STAFF_ONLY),
    "admin:reviews_consensus": (lambda w: [w.application.pk], "get", STAFF_ONLY),
    "admin:reviews_letter": (lambda w: [w.application.pk], "get", STAFF_ONLY),
    "admin:visits_team": (lambda w: [w.visit.pk], "get", STAFF_ONLY),
    # The world's visit is done: a coordinator is sent back to it, there is nothing to cancel.
    "admin:visits_cancel": (lambda w: [w.visit.pk], "get", {**STAFF_ONLY, "coordinator": 302}),
    # Actions: POST only; a coordinator is sent back to the visit afterwards.
    "admin:visits_state": (lambda w: [w.visit.pk], "post", {**STAFF_ONLY, "coordinator": 302}),
    "admin:visits_feedback_summary": (lambda w: [w.call.pk], "get", STAFF_ONLY),
}


class World:
    """A call whose decisions are out: one selected city with a visit that took place."""

    def __init__(self):
        now = timezone.now()
        self.call = CallFactory(
            opens_at=now - dt.timedelta(days=90), deadline=now - dt.timedelta(days=60),
            visit_window_start=(now - dt.timedelta(days=50)).date(),
            visit_window_end=(now + dt.timedelta(days=50)).date(),
        )  # fmt: skip
        self.application = submitted(ApplicationFactory(call=self.call), number=1)
        self.call.decisions_released_at = now - dt.timedelta(days=30)  # a release closes the call
        self.call.save(update_fields=["decisions_released_at"])
        coordinator = UserFactory(roles=["coordinator"], is_staff=True)
        Decision.objects.create(
            application=self.application, call=self.call, outcome="selected",
            rationale="Strong", decided_by=coordinator,
        )  # fmt: skip
        self.report = SelectionReport.objects.create(call=self.call, requested_by=coordinator)
        self.report.store(b"%PDF-1.7\n")
        today = timezone.localdate()
        self.visit = VisitFactory(
            application=self.application, state=Visit.State.DONE,
            starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=8),
        )  # fmt: skip
        self.expense = ExpenseLineFactory(claim=LumpSumClaimFactory(visit=self.visit))
        champion_on = ChampionWithAccountFactory()
        TeamMember.objects.create(visit=self.visit, role="champion", champion=champion_on)
        reviewer = UserFactory(roles=["reviewer"], is_staff=True)
        Review.objects.create(application=self.application, reviewer=reviewer)
        self.users = {
            "anonymous": None,
            "host": self.application.applicant,
            "other_applicant": UserFactory(roles=["applicant"]),
            "reviewer_assigned": reviewer,
            "reviewer_other": UserFactory(roles=["reviewer"], is_staff=True),
            "coordinator": coordinator,
            "champion_on": champion_on.user,
            "champion_off": ChampionWithAccountFactory().user,
        }


def test_every_project_url_has_a_row_in_the_matrix():
    assert project_url_names() - set(MATRIX) == set()
    assert set(MATRIX) - project_url_names() == set()


def test_every_url_answers_each_role_as_the_matrix_says(client):
    world = World()
    wrong = []
    for name, (arguments, method, expected) in sorted(MATRIX.items()):
        url = reverse(name, args=arguments(world))
        for role in ROLES:
            client.logout()
            if world.users[role]:
                client.force_login(world.users[role])
            status = getattr(client, method)(url).status_code
            if status != expected[role]:
                wrong.append(f"{name} as {role}: {status}, expected {expected[role]}")
    assert wrong == [], "\n".join(wrong)


def test_a_wrong_calendar_token_is_404(client):
    World()
    assert client.get(reverse("visits:calendar", args=["not-the-token"])).status_code == 404
