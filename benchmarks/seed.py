"""Seed the benchmark database with bulk inserts: no services, no signals, no per-row saves.

    python -m benchmarks.seed --manifest PATH [--scale 0.1]

Run by ``benchmarks/run.py`` with the benchmark's environment (DATABASE_URL, secret key): the
sessions it creates are signed with that secret. Writes a manifest (JSON) naming the calls,
objects and session cookies the load uses.
"""

import argparse
import datetime as dt
import json
import os
import random
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")
django.setup()

from importlib import import_module

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from applications.models import Application, ApplicationVersion
from calls.models import (
    Call,
    CallSection,
    Contact,
    CostCategory,
    Criterion,
    CriterionLevel,
    Theme,
)
from champions.models import Champion
from demo import content
from people.roles import APPLICANT, CHAMPION, COORDINATOR, EXPERT, REVIEWER
from reviews.models import Consensus, Decision, Review, Score, Standing
from reviews.ranking import store_standings
from visits.feeds import CalendarFeed
from visits.models import AgendaItem, PreparationSession, TeamMember, Visit

BATCH = 2000
User = get_user_model()
rng = random.Random(20250101)  # noqa: S311 - reproducible data, not secrets
NOW = timezone.now()
CITIES = [
    "Aarhus", "Antwerp", "Athens", "Barcelona", "Bologna", "Bratislava", "Brno", "Cork", "Dresden",
    "Espoo", "Gdansk", "Ghent", "Graz", "Helsinki", "Lille", "Ljubljana", "Lyon", "Malmo",
    "Milan", "Nantes", "Porto", "Riga", "Rotterdam", "Tallinn", "Tampere", "Turin", "Utrecht",
    "Valencia", "Vilnius", "Zagreb",
]  # fmt: skip
COUNTRIES = ["AT", "BE", "DE", "DK", "EE", "ES", "FI", "FR", "HR", "IT", "LT", "NL", "PL", "PT"]
WORDS = [
    "newcomers", "integration", "housing", "language", "employment", "services", "city",
    "office", "coordination", "partners", "volunteers", "schools", "refugees", "outreach",
    "training", "mentoring", "health", "access", "welcome", "centre", "neighbourhood",
    "community", "trust", "data", "evaluation", "funding",
]  # fmt: skip


def text(words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def bulk(model, objects) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


class Seeder:
    def __init__(self, scale: float):
        self.scale = scale
        self.n_large = int(10_000 * scale)
        self.n_small = int(1_000 * scale)
        self.n_drafts_due = int(10_000 * scale)
        self.n_visits = max(2, int(50 * scale))
        self.n_reviewers = max(3, int(30 * scale))
        self.counts: dict[str, int] = {}

    def count(self, name: str, objects: list) -> list:
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        return objects

    # --- People -------------------------------------------------------------------------------

    def users(self) -> None:
        password = make_password("bench-password-not-secret")
        n = max(self.n_large, self.n_drafts_due)
        emails = [f"officer{i:05d}@bench.example.org" for i in range(n)]
        officers = [
            User(username=email, email=email, password=password, first_name="Officer",
                 last_name=email[7:12])
            for email in emails
        ]  # fmt: skip
        staff = [
            User(username=email, email=email, password=password, is_staff=True)
            for email in ["coordinator@bench.example.org"]
            + [f"reviewer{i:02d}@bench.example.org" for i in range(self.n_reviewers)]
        ]
        others = [
            User(username=email, email=email, password=password, first_name=name)
            for email, name in [("network.expert@bench.example.org", "Network"),
                                ("partner.expert@bench.example.org", "Partner"),
                                ("champion@bench.example.org", "Champion")]
        ]  # fmt: skip
        self.officers = self.count("users", bulk(User, officers))
        self.coordinator, *self.reviewers = self.count("users", bulk(User, staff))
        self.experts = self.count("users", bulk(User, others))
        self.champion_user = self.experts.pop()
        everyone = self.officers + [self.coordinator] + self.reviewers + self.experts
        everyone.append(self.champion_user)
        bulk(EmailAddress, [EmailAddress(user=u, email=u.email, verified=True, primary=True)
                            for u in everyone])  # fmt: skip
        groups = {group.name: group for group in Group.objects.all()}
        memberships = [(u, APPLICANT) for u in self.officers] + [(self.coordinator, COORDINATOR)]
        memberships += [(u, REVIEWER) for u in self.reviewers] + [(self.champion_user, CHAMPION)]
        memberships += [(u, EXPERT) for u in self.experts]
        through = User.groups.through
        bulk(through, [through(user_id=u.pk, group_id=groups[g].pk) for u, g in memberships])

    def champions(self, themes) -> None:
        champions = [
            Champion(name=name, email=f"champion{n}@bench.example.org", city=city,
                     country=country, programme=programme, languages=languages,
                     user=self.champion_user if n == 0 else None)
            for n, (name, city, country, programme, _, languages) in enumerate(
                content.CHAMPIONS)
        ]  # fmt: skip
        self.champion_rows = self.count("champions", bulk(Champion, champions))
        through = Champion.themes.through
        bulk(through, [through(champion_id=c.pk, theme_id=themes[n % len(themes)].pk)
                       for n, c in enumerate(self.champion_rows)])  # fmt: skip

    # --- Calls --------------------------------------------------------------------------------

    def call(self, slug: str, title: str, *, opens_at, deadline, themes, **extra) -> Call:
        call = Call.objects.create(
            slug=slug, title=title, summary=content.SUMMARY, eligibility=content.ELIGIBILITY,
            state=Call.State.PUBLISHED, opens_at=opens_at, deadline=deadline,
            review_deadline=deadline + dt.timedelta(days=21), places=self.n_visits,
            visit_window_start=dt.date(deadline.year + 1, 1, 1),
            visit_window_end=dt.date(deadline.year + 1, 12, 31), **extra,
        )  # fmt: skip
        call.themes.set(themes)
        bulk(CallSection, [CallSection(call=call, heading=h, body=b.strip(), order=n)
                           for n, (h, b) in enumerate(content.SECTIONS)])  # fmt: skip
        criteria = bulk(Criterion, [
            Criterion(call=call, name=name, description=description, order=n,
                      weight=Decimal("1.50") if n == 0 else Decimal("1.00"),
                      tie_break_rank=n + 1)
            for n, (name, description) in enumerate(content.CRITERIA)
        ])  # fmt: skip
        bulk(CriterionLevel, [CriterionLevel(criterion=c, score=s, description=d)
                              for c in criteria for s, d in content.LEVELS])  # fmt: skip
        bulk(CostCategory, [CostCategory(call=call, name=n, description=d, order=i)
                            for i, (n, d) in enumerate(content.COST_CATEGORIES)])  # fmt: skip
        bulk(Contact, [Contact(call=call, name=n, role=r, email=e, phone=p, order=i)
                       for i, (n, r, e, p) in enumerate(content.CONTACTS)])  # fmt: skip
        call.criteria_rows = criteria
        return call

    # --- Applications -------------------------------------------------------------------------

    @staticmethod
    def state_of(i: int) -> str:
        """15 % drafts, 5 % withdrawn, 80 % submitted; officer 0 keeps a draft."""
        if i % 20 in (0, 1, 2):
            return Application.State.DRAFT
        return Application.State.WITHDRAWN if i % 20 == 3 else Application.State.SUBMITTED

    def applications(self, call: Call, n: int, themes, *, all_drafts=False) -> list:
        rows, number = [], 0
        for i in range(n):
            state = Application.State.DRAFT if all_drafts else self.state_of(i)
            application = Application(
                call=call, applicant=self.officers[i], state=state,
                city=f"{CITIES[i % len(CITIES)]} {i:05d}", country=COUNTRIES[i % len(COUNTRIES)],
                officer_name=f"Officer {i:05d}", department="Integration Office",
                position="Project manager", phone="+32 2 000 00 00",
                email=self.officers[i].email, expertise=text(40), relevance=text(40),
                challenge=text(180), question=text(20),
            )  # fmt: skip
            if state != Application.State.DRAFT:
                number += 1
                application.number = number
                application.reference = f"{call.reference_prefix}-{call.deadline.year}-{number:03d}"
                application.submitted_at = call.opens_at + dt.timedelta(minutes=i)
            if state == Application.State.WITHDRAWN:
                application.withdrawn_at = application.submitted_at + dt.timedelta(days=1)
            rows.append(application)
        rows = self.count("applications", bulk(Application, rows))
        through = Application.themes.through
        links = [through(application_id=a.pk, theme_id=themes[(a.pk + k) % len(themes)].pk)
                 for a in rows for k in range(1 + a.pk % 2)]  # fmt: skip
        self.count("application themes", bulk(through, links))
        versions = [
            ApplicationVersion(application=a, number=1, submitted_at=a.submitted_at,
                               answers={"city": a.city, "challenge": a.challenge,
                                        "question": a.question})
            for a in rows if a.number
        ]  # fmt: skip
        self.count("versions", bulk(ApplicationVersion, versions))
        return rows

    # --- Reviews and decisions ----------------------------------------------------------------

    def reviews(self, call: Call, applications: list) -> None:
        reviewed = [a for a in applications if a.number]
        reviews = []
        for a in reviewed:
            for k in range(3):
                state = review_state(rng.random())
                reviews.append(Review(
                    application=a, reviewer=self.reviewers[(a.pk + k) % len(self.reviewers)],
                    state=state, assigned_at=call.opens_at,
                    submitted_at=NOW if state == Review.State.SUBMITTED else None,
                ))  # fmt: skip
        reviews = self.count("reviews", bulk(Review, reviews))
        scores = [
            Score(review=r, criterion=c, comment=text(12),
                  value=Decimal(rng.randint(0, 10)) / 2 if r.state == Review.State.SUBMITTED
                  or rng.random() < 0.5 else None)
            for r in reviews if r.state != Review.State.ASSIGNED for c in call.criteria_rows
        ]  # fmt: skip
        self.count("scores", bulk(Score, scores))
        consensus = [
            Consensus(application=a, criterion=call.criteria_rows[0], value=Decimal("3.5"),
                      comment=text(15), recorded_by=self.coordinator)
            for a in reviewed[::50]
        ]  # fmt: skip
        self.count("consensus", bulk(Consensus, consensus))

    def standings(self, call: Call) -> None:
        """What the review services keep as they go: each submitted application's result."""
        store_standings(call, call.criteria_rows)
        self.counts["standings"] = Standing.objects.count()

    def decisions(self, call: Call, applications: list) -> list:
        submitted = [a for a in applications if a.state == Application.State.SUBMITTED]
        rows = []
        for n, a in enumerate(submitted):
            if n < self.n_visits:
                outcome, rank = Decision.Outcome.SELECTED, None
            elif n < self.n_visits + 20:
                outcome, rank = Decision.Outcome.RESERVE, n - self.n_visits + 1
            else:
                outcome, rank = Decision.Outcome.NOT_SELECTED, None
            rows.append(Decision(application=a, call=call, outcome=outcome, reserve_rank=rank,
                                 rationale=text(30), decided_by=self.coordinator))  # fmt: skip
        self.count("decisions", bulk(Decision, rows))
        return submitted[: self.n_visits]

    # --- Visits -------------------------------------------------------------------------------

    def visits(self, call: Call, selected: list) -> list:
        start = call.visit_window_start + dt.timedelta(days=14)
        visits = [
            Visit(application=a, state=Visit.State.CONFIRMED,
                  starts_on=start + dt.timedelta(days=3 * n),
                  ends_on=start + dt.timedelta(days=3 * n + call.nights),
                  stakeholders=text(25), feedback_subject=text(12), proposed_at=NOW,
                  confirmed_at=NOW, confirmed_by=self.coordinator)
            for n, a in enumerate(selected)
        ]  # fmt: skip
        visits = self.count("visits", bulk(Visit, visits))
        team, sessions, items = [], [], []
        champions = self.champion_rows
        for n, visit in enumerate(visits):
            pair = (champions[(2 * n) % len(champions)], champions[(2 * n + 1) % len(champions)])
            team += [TeamMember(visit=visit, role=TeamMember.Role.CHAMPION, champion=c)
                     for c in pair]  # fmt: skip
            team.append(TeamMember(visit=visit, role=TeamMember.Role.NETWORK_EXPERT,
                                   user=self.experts[0]))  # fmt: skip
            team.append(TeamMember(visit=visit, role=TeamMember.Role.PARTNER_EXPERT,
                                   user=self.experts[1]))  # fmt: skip
            for k in range(2):
                sessions.append(PreparationSession(
                    visit=visit, topic=f"Preparation {k + 1}", attendees="The team and the host",
                    starts_at=NOW + dt.timedelta(days=10 + 7 * k), duration=60,
                    video_link="https://meet.example.org/bench",
                ))  # fmt: skip
            items += self.agenda(visit)
        self.count("team members", bulk(TeamMember, team))
        self.count("preparation sessions", bulk(PreparationSession, sessions))
        self.count("agenda items", bulk(AgendaItem, items))
        self.claims(visits)
        return visits

    def agenda(self, visit: Visit) -> list:
        slots = [(9, 11, AgendaItem.Kind.MEETING), (11, 13, AgendaItem.Kind.SITE_VISIT),
                 (13, 14, AgendaItem.Kind.MEAL), (14, 17, AgendaItem.Kind.MEETING)]  # fmt: skip
        items = []
        for d in range(3):
            day = visit.starts_on + dt.timedelta(days=d)
            for start, end, kind in slots:
                if d == 2 and start == 14:
                    kind = AgendaItem.Kind.REFLECTION
                items.append(AgendaItem(
                    visit=visit, day=day, starts_at=dt.time(start), ends_at=dt.time(end),
                    kind=kind, title=text(4), place="City hall", stakeholders=text(10),
                    services=text(5), notes=text(15),
                ))  # fmt: skip
        return items

    def claims(self, visits: list) -> None:
        """Lump-sum claims with four expense lines each, if the models exist yet (issue 6)."""
        try:
            claim_model = apps.get_model("visits", "LumpSumClaim")
            line_model = apps.get_model("visits", "ExpenseLine")
        except LookupError:
            self.counts["lump-sum claims"] = "no visits.LumpSumClaim model yet"
            return
        try:
            with transaction.atomic():
                self.count("lump-sum claims", bulk(claim_model, [
                    claim_model(visit=visit, state="submitted", cap=visit.application.call.lump_sum,
                                account_holder="City treasury", iban="BE71096123456769",
                                submitted_at=NOW, submitted_by=visit.application.applicant)
                    for visit in visits
                ]))  # fmt: skip
                categories = list(CostCategory.objects.filter(call=visits[0].application.call))
                self.count("expense lines", bulk(line_model, [
                    line_model(claim=claim, category=categories[k % len(categories)],
                               spent_on=claim.visit.starts_on, description=text(6),
                               amount=Decimal("450.00"), receipt="receipts/bench.pdf",
                               receipt_name="receipt.pdf", receipt_type="application/pdf",
                               receipt_size=24_000)
                    for claim in claim_model.objects.select_related("visit") for k in range(4)
                ]))  # fmt: skip
        except Exception as error:  # noqa: BLE001 - the models are another team's work in progress
            self.counts["lump-sum claims"] = f"skipped: {type(error).__name__}: {error}"[:300]

    # --- Sessions -----------------------------------------------------------------------------

    @staticmethod
    def session(user) -> str:
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    # --- All of it ----------------------------------------------------------------------------

    @transaction.atomic
    def run(self) -> dict:
        themes = bulk(Theme, [Theme(slug=s, name=n, description=d, order=i)
                              for i, (s, n, d) in enumerate(content.THEMES)])  # fmt: skip
        self.users()
        self.champions(themes)
        large = self.call("bench-large", "Large call (10,000 applications)", themes=themes,
                          opens_at=NOW - dt.timedelta(days=20),
                          deadline=NOW + dt.timedelta(days=30))  # fmt: skip
        small = self.call("bench-small", "Smaller call (1,000 applications)", themes=themes,
                          opens_at=NOW - dt.timedelta(days=120),
                          deadline=NOW - dt.timedelta(days=60),
                          decisions_released_at=NOW - dt.timedelta(days=20))  # fmt: skip
        due = self.call("bench-reminders", "Call whose drafts are reminded", themes=themes,
                        opens_at=NOW - dt.timedelta(days=30),
                        deadline=NOW + dt.timedelta(hours=12))  # fmt: skip
        large_apps = self.applications(large, self.n_large, themes)
        small_apps = self.applications(small, self.n_small, themes)
        self.applications(due, self.n_drafts_due, themes, all_drafts=True)
        for call, rows in ((large, large_apps), (small, small_apps)):
            self.reviews(call, rows)
            self.standings(call)
        visits = self.visits(large, self.decisions(large, large_apps))
        self.decisions(small, small_apps)
        return self.manifest(large, small, large_apps, small_apps, visits)

    def manifest(self, large, small, large_apps, small_apps, visits) -> dict:
        def decided(rows):
            return next(a for a in rows if a.state == Application.State.SUBMITTED).pk

        return {
            "large": {"id": large.pk, "slug": large.slug, "applications": self.n_large,
                      "letter_application": decided(large_apps)},
            "small": {"id": small.pk, "slug": small.slug, "applications": self.n_small,
                      "letter_application": decided(small_apps)},
            "reminder_call": {"drafts_due": self.n_drafts_due},
            # The champion's personal calendar feed (one per person, all their visits).
            "visit": {"id": visits[0].pk,
                      "feed_token": CalendarFeed.objects.of(self.champion_user).token},
            "sessions": {
                "officer": self.session(self.officers[0]),
                "coordinator": self.session(self.coordinator),
                "reviewer": self.session(self.reviewers[0]),
                "champion": self.session(self.champion_user),
            },
            "rows": self.counts,
        }  # fmt: skip


def review_state(roll: float) -> str:
    """90 % submitted, 5 % still scoring, 5 % not started."""
    if roll < 0.9:
        return Review.State.SUBMITTED
    return Review.State.SCORING if roll < 0.95 else Review.State.ASSIGNED


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    started = time.perf_counter()
    manifest = Seeder(args.scale).run()
    with connection.cursor() as cursor:
        # What autovacuum does soon after such a load (PostgreSQL 13 and later vacuum a table
        # after many inserts, not only after updates): statistics, and the visibility map that
        # lets a count read the index alone. SQLite has no VACUUM (ANALYZE).
        cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
    manifest["seed_seconds"] = round(time.perf_counter() - started, 1)
    with open(args.manifest, "w") as out:
        json.dump(manifest, out, indent=2)


if __name__ == "__main__":
    main()
