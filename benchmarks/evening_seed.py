"""Seed the deadline evening: an open call, and officers each with a draft and a session.

    python -m benchmarks.evening_seed OFFICERS MANIFEST

Run by ``benchmarks/deadline_evening.py`` with its environment (the sessions are signed with
its secret key). Bulk inserts only; writes a JSON manifest of the officers.
"""

import datetime as dt
import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consolidate.settings")
django.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from applications.models import Application
from calls.models import Call, Theme

User = get_user_model()
SLUG = "evening"


def call_and_theme() -> tuple[Call, Theme]:
    theme, _ = Theme.objects.get_or_create(slug="evening", defaults={"name": "Evening theme"})
    now = timezone.now()
    call = Call.objects.create(
        title="Evening call", slug=SLUG, summary="The call closing tonight.", state="published",
        opens_at=now - dt.timedelta(days=30), deadline=now + dt.timedelta(hours=6),
        visit_window_start=dt.date(2031, 1, 1), visit_window_end=dt.date(2031, 6, 30),
    )  # fmt: skip
    call.themes.add(theme)
    return call, theme


def sessions_for(users) -> list[str]:
    store, rows, keys = SessionStore(), [], []
    expires = timezone.now() + dt.timedelta(days=1)
    for user in users:
        key = get_random_string(32)
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def main() -> None:
    count, manifest = int(sys.argv[1]), sys.argv[2]
    call, theme = call_and_theme()
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"evening{n}@bench.example.org", email=f"evening{n}@bench.example.org",
              password=password) for n in range(count)],
        batch_size=2000,
    )  # fmt: skip
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=2000,
    )
    drafts = Application.objects.bulk_create(
        [Application(call=call, applicant=u, city=f"Evening City {n}", country="BE",
                     officer_name="Officer", department="Integration", position="Head",
                     phone="+32 2 000", email=u.email, expertise="Expertise.",
                     relevance="Relevance.", challenge="First words.",
                     question="One question?") for n, u in enumerate(users)],
        batch_size=2000,
    )  # fmt: skip
    Application.themes.through.objects.bulk_create(
        [Application.themes.through(application=a, theme=theme) for a in drafts], batch_size=2000
    )
    keys = sessions_for(users)
    officers = [
        {
            "application": a.pk,
            "email": u.email,
            "city": a.city,
            "session": key,
            "slug": SLUG,
            "theme": theme.pk,
        }
        for a, u, key in zip(drafts, users, keys, strict=True)
    ]
    with open(manifest, "w") as target:
        json.dump({"slug": SLUG, "theme": theme.pk, "officers": officers}, target)


if __name__ == "__main__":
    main()
