"""Load the demo data. Safe to run again: what exists already is left as it is."""

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from calls.models import Call, Theme
from champions.models import Champion
from demo import content
from demo.accounts import demo_user
from demo.applications import demo_application
from demo.open_call import (
    backdate_past_round,
    backdate_start,
    seed_open_call,
    seed_reviews_in_progress,
)
from demo.selection import PAST_CALL
from demo.translations import translate_open_call
from demo.visits import seed_claims, seed_feedback, seed_visits
from people.models import ReviewerProfile
from reviews.services import assign_reviewer

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def close_of_business(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(17, 0), tzinfo=BRUSSELS)


class Command(BaseCommand):
    help = "Load the demo calls, champions, users (one per role) and applications."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        themes = self.seed_themes()
        past = self.seed_call(
            slug=PAST_CALL,
            title="Cities Helping Cities 2025: peer support for migrant integration",
            opens_at=close_of_business(dt.date(2025, 4, 14)),
            deadline=close_of_business(dt.date(2025, 6, 6)),
            themes=themes,
        )
        deadline_day = timezone.localdate() + dt.timedelta(days=28)
        current = self.seed_call(
            slug="cities-helping-cities",
            title="Cities Helping Cities: peer support for migrant integration challenges",
            opens_at=timezone.now() - dt.timedelta(days=7),
            deadline=close_of_business(deadline_day),
            themes=themes,
        )
        translate_open_call(current, themes)
        self.seed_champions(themes)
        self.seed_users()
        self.seed_applications(current)
        seed_open_call(current, first_number=len(content.APPLICATIONS) + 1)
        self.seed_reviews(current)
        seed_reviews_in_progress(current)
        seed_visits()
        backdate_past_round(past)
        seed_claims()
        seed_feedback()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {past}, {current}."))

    def seed_themes(self) -> dict[str, Theme]:
        themes = {}
        for order, (slug, name, description) in enumerate(content.THEMES):
            themes[slug], _ = Theme.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
        return themes

    def seed_call(self, *, slug, title, opens_at, deadline, themes) -> Call:
        visit_year = deadline.year + 1
        call, created = Call.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": content.SUMMARY,
                "eligibility": content.ELIGIBILITY,
                "state": Call.State.PUBLISHED,
                "opens_at": opens_at,
                "deadline": deadline,
                "review_deadline": deadline + dt.timedelta(days=21),
                "visit_window_start": dt.date(visit_year, 1, 1),
                "visit_window_end": dt.date(visit_year, 6, 30),
            },
        )
        if not created:
            return call
        call.themes.set(themes.values())
        for order, (heading, body) in enumerate(content.SECTIONS):
            call.sections.create(heading=heading, body=body.strip(), order=order)
        for order, (name, description) in enumerate(content.CRITERIA):
            criterion = call.criteria.create(name=name, description=description, order=order)
            for score, meaning in content.LEVELS:
                criterion.levels.create(score=score, description=meaning)
        for order, (name, description) in enumerate(content.COST_CATEGORIES):
            call.cost_categories.create(name=name, description=description, order=order)
        for order, (name, role, email, phone) in enumerate(content.CONTACTS):
            call.contacts.create(name=name, role=role, email=email, phone=phone, order=order)
        return call

    def seed_champions(self, themes) -> None:
        for name, city, country, programme, theme_slugs, languages in content.CHAMPIONS:
            slug = city.lower().replace("ü", "ue").replace(" ", "-")
            champion, created = Champion.objects.get_or_create(
                email=f"champion.{slug}@example.org",
                defaults={"name": name, "city": city, "country": country,
                          "programme": programme, "languages": languages},
            )  # fmt: skip
            if created:
                champion.themes.set(themes[theme] for theme in theme_slugs)

    def seed_users(self) -> None:
        for email, role, is_staff, is_superuser in content.USERS:
            name = content.NAMES.get(email, ("", ""))
            demo_user(email, role, name=name, is_staff=is_staff, is_superuser=is_superuser)
        champion_user = get_user_model().objects.get(email="champion@example.org")
        Champion.objects.filter(city="Stockholm", user__isnull=True).update(user=champion_user)

    def seed_reviews(self, call: Call) -> None:
        """Both demo reviewers are assigned every demo application, ready to score."""
        coordinator = get_user_model().objects.get(email="coordinator@example.org")
        for email in ("reviewer@example.org", "reviewer2@example.org"):
            reviewer = get_user_model().objects.get(email=email)
            ReviewerProfile.objects.get_or_create(user=reviewer, defaults={"city": "Brussels"})
            for application in call.applications.submitted():
                if not application.reviews.filter(reviewer=reviewer).exists():
                    assign_reviewer(application, reviewer, actor=coordinator)

    def seed_applications(self, call: Call) -> None:
        """The first officers submitted on the call's first days (the call opened a week ago)."""
        for number, data in enumerate(content.APPLICATIONS, start=1):
            at = timezone.now() - dt.timedelta(days=7 - number, hours=2)
            if demo_application(call, number, data, submitted_at=at) is not None:
                backdate_start(call.applications.get(number=number), 7 - number)
