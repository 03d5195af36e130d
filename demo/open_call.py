"""The open demo call, mid-way: officers started and submitted over the week since it opened,
some are still drafting, and the second reviewer has begun scoring (two reviews saved, one
submitted), so that the call's dashboard has a story to tell.

Everything goes through the services. Only the moment an application was started is set
afterwards: ``created_at`` is the database's own clock, and a week of a call cannot be played
in one run.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.models import Application
from applications.services import save_draft
from calls.models import Call, Theme
from people.roles import APPLICANT
from reviews.models import Review
from reviews.services import declare_conflict, save_scores

from .accounts import demo_user
from .applications import demo_application

_COMMON = {
    "department": "Migration and Integration Office",
    "position": "Policy officer",
    "phone": "+32 2 000 00 00",
    "expertise": "I coordinate the city's services for newcomers with its partners.",
    "relevance": "Peer advice would help us decide what to change first.",
}

# (e-mail, city, country, officer, themes, challenge, question, days ago started, submitted)
LATER_SUBMISSIONS = [
    ("officer.aarhus@example.org", "Aarhus", "DK", "Freja Nielsen", ["labour-market"],
     "Newly arrived women rarely reach our job programmes.",
     "How do other cities reach newcomers who never come to an office?", 6, 5),
    ("officer.lyon@example.org", "Lyon", "FR", "Inès Bernard", ["one-stop-shop", "participation"],
     "Associations led by migrants are not consulted when services change.",
     "How can a one-stop shop give migrant-led associations a real say?", 6, 3),
    ("officer.gdansk@example.org", "Gdańsk", "PL", "Marta Zielińska", ["housing"],
     "Families leave shelters without a path to a rented flat.",
     "Which rental support keeps families housed after the first year?", 5, 2),
    ("officer.malmo@example.org", "Malmö", "SE", "Johan Ek", ["labour-market", "participation"],
     "Mentoring schemes end when their project funding ends.",
     "How do cities keep mentoring going without project money?", 4, 1),
]  # fmt: skip

# (e-mail, city, country, officer, themes, days ago started): saved, not submitted yet.
DRAFTS = [
    ("officer.valencia@example.org", "Valencia", "ES", "Inés Navarro", ["housing"], 3),
    ("officer.brno@example.org", "Brno", "CZ", "Petr Dvořák", ["participation"], 2),
    ("officer.cork@example.org", "Cork", "IE", "Siobhán Byrne", [], 1),
]

# The second reviewer's work so far: (city, scores of the four criteria, submitted?).
REVIEWS_IN_PROGRESS = [
    ("Porto", ["4", "3.5", "4.5", "4"], True),
    ("Graz", ["3.5", "4", None, None], False),
    ("Tartu", ["2.5", None, None, None], False),
]


def backdate_start(application: Application, days_ago: int) -> None:
    started = timezone.now() - dt.timedelta(days=days_ago, hours=3)
    Application.objects.filter(pk=application.pk).update(created_at=started)


def seed_open_call(call: Call, *, first_number: int) -> None:
    now = timezone.now()
    for number, row in enumerate(LATER_SUBMISSIONS, start=first_number):
        email, city, country, officer, themes, challenge, question, started, sent = row
        data = {"email": email, "city": city, "country": country, "officer_name": officer,
                "themes": themes, "challenge": challenge, "question": question,
                **_COMMON}  # fmt: skip
        application = demo_application(call, number, data, submitted_at=now - dt.timedelta(sent))
        if application is not None:
            backdate_start(application, started)
    for email, city, country, officer, themes, started in DRAFTS:
        _draft(call, email, city, country, officer, themes, started)


def _draft(call: Call, email, city, country, officer, themes, started) -> None:
    user = demo_user(email, APPLICANT)
    if Application.objects.filter(call=call, applicant=user).exists():
        return
    draft = Application(call=call, applicant=user, email=email, city=city, country=country,
                        officer_name=officer)  # fmt: skip
    save_draft(draft, by=user, themes=list(Theme.objects.filter(slug__in=themes)))
    backdate_start(draft, started)


def seed_reviews_in_progress(call: Call) -> None:
    """The second reviewer's first steps; their other reviews wait, as the first reviewer's."""
    reviewer = get_user_model().objects.filter(email="reviewer2@example.org").first()
    criteria = list(call.criteria.order_by("order", "pk"))
    for city, values, submit in REVIEWS_IN_PROGRESS:
        review = Review.objects.filter(
            reviewer=reviewer, application__in=call.applications.submitted().filter(city=city)
        ).first()
        if review is None or review.state != Review.State.ASSIGNED:
            continue
        review = declare_conflict(review, conflict=False)
        scores = {criterion.pk: (Decimal(value) if value else None, "") for criterion, value
                  in zip(criteria, values, strict=True)}  # fmt: skip
        if submit:
            scores = {pk: (value, "Clear and concrete.") for pk, (value, _c) in scores.items()}
        save_scores(review, scores, submit=submit)


def backdate_past_round(call: Call) -> None:
    """The 2025 officers started their drafts in the weeks before its deadline, not today."""
    for application in call.applications.filter(created_at__gt=call.deadline):
        started = call.deadline - dt.timedelta(days=4 + 5 * (application.number or 1))
        Application.objects.filter(pk=application.pk).update(created_at=started)
