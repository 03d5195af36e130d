"""Deadline rush: 200 officers submit their applications within the same minute.

Runs the product under gunicorn (production settings, 2 workers) against the PostgreSQL in
DATABASE_URL, on 127.0.0.1 only, and checks that every request answers without a server error,
every application is stored exactly once with its reference number, and every confirmation
e-mail is queued. Bounded: 200 submissions, 20 at a time, and a 5-minute overall limit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/consolidate_rush \\
        .venv/bin/python benchmarks/deadline_rush.py
"""

import http.cookiejar
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICERS = int(os.environ.get("RUSH_OFFICERS", "200"))
PARALLEL = 20
PORT = int(os.environ.get("RUSH_PORT", "18765"))
BASE = f"http://127.0.0.1:{PORT}"


def environment() -> dict:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is emptied).")
    var = Path(tempfile.mkdtemp(prefix="rush-"))
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "CONSOLIDATE_VAR_DIR": str(var),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:1/0"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STAFF_MFA_REQUIRED": "true",
    }


def manage(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip


SETUP = """
import datetime as dt
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from applications.models import Application
from calls.models import Call, Theme
from notifications.models import Email
Email.objects.all().delete(); Application.objects.all().delete()
Call.objects.filter(slug="rush").delete()
theme, _ = Theme.objects.get_or_create(slug="rush", defaults={"name": "Rush theme"})
call = Call.objects.create(title="Rush", slug="rush", summary="s", state="published",
    opens_at=timezone.now() - dt.timedelta(days=1),
    deadline=timezone.now() + dt.timedelta(hours=1),
    visit_window_start=dt.date(2031, 1, 1), visit_window_end=dt.date(2031, 6, 30))
call.themes.add(theme)
User = get_user_model()
for n in range({officers}):
    email = f"rush{n}@example.org"
    user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True})
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print("OFFICER", email, session.session_key, theme.pk)
"""


def submit(officer: tuple[str, str, str]) -> tuple[int, float]:
    email, session_key, theme = officer
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    url = f"{BASE}/applications/rush/"
    cookie = f"sessionid={session_key}"
    try:
        opener.open(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=60).read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"GET {url}: {error.code} {error.headers.get('Location')}") from error
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "action": "submit", "city": f"Rush City {email}",
        "country": "BE", "officer_name": "Officer", "department": "Dept", "position": "Pos",
        "phone": "+32 2", "email": email, "expertise": "E", "relevance": "R",
        "themes": theme, "challenge": "A challenge", "question": "A question?",
    }).encode()  # fmt: skip
    request = urllib.request.Request(
        url, data=data, headers={"Cookie": f"{cookie}; csrftoken={token}", "Referer": url}
    )
    started = time.monotonic()
    try:
        response = opener.open(request, timeout=60)
        status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    env = environment()
    try:
        urllib.request.urlopen(BASE + "/", timeout=1)
        sys.exit(f"Something already listens on {BASE}; set RUSH_PORT.")
    except OSError:
        pass
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    output = manage(env, "shell", "-c", SETUP.replace("{officers}", str(OFFICERS)))
    officers = [
        tuple(line.split()[1:]) for line in output.splitlines() if line.startswith("OFFICER ")
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "consolidate.wsgi:application", "--bind",
         f"127.0.0.1:{PORT}", "--workers", "2", "--threads", "4", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(BASE + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        started = time.monotonic()
        with ThreadPoolExecutor(PARALLEL) as pool:
            results = list(pool.map(submit, officers, timeout=300))
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    statuses = [status for status, _ in results]
    durations = sorted(duration for _, duration in results)
    check = manage(env, "shell", "-c", (
        "from applications.models import Application as A; from notifications.models import "
        "Email as E; s=A.objects.filter(call__slug='rush', state='submitted'); "
        "print('COUNTS', s.count(), s.values('reference').distinct().count(), "
        "E.objects.filter(kind='submission_confirmation').count())"
    )).split("COUNTS")[-1].split()  # fmt: skip
    stored, references, emails = map(int, check)
    print(f"{len(results)} submissions in {elapsed:.1f} s, {PARALLEL} at a time")
    print(f"status codes: { {code: statuses.count(code) for code in set(statuses)} }")
    print(f"submit latency: median {statistics.median(durations) * 1000:.0f} ms, "
          f"p95 {durations[int(len(durations) * 0.95) - 1] * 1000:.0f} ms")  # fmt: skip
    print(f"stored {stored}, distinct references {references}, confirmations queued {emails}")
    ok = statuses.count(302) == OFFICERS and stored == references == emails == OFFICERS
    print("OK: nothing lost, nothing doubled" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
