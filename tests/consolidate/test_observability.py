"""Sentry events leave without personal data; LOG_FORMAT=json writes one JSON object a line;
DJANGO_ADMINS and SENTRY_DSN are read from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

from consolidate.observability import before_send

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "consolidate.settings", **env}
    script = f"import django; django.setup()\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60, check=True,
    )  # fmt: skip


def test_before_send_scrubs_names_addresses_and_bank_details():
    event = {
        "user": {"id": 7, "email": "officer@city.example.eu", "username": "officer"},
        "request": {
            "url": "https://site.example.org/visits/3/claim/",
            "data": {"iban": "DE89 3704 0044 0532 0130 00"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "Firefox"},
        },
        "exception": {"values": [{
            "type": "ValueError",
            "value": "No account: maria.rossi@comune.example.it IT60X0542811101000000123456",
            "stacktrace": {"frames": [{"function": "pay", "vars": {
                "officer_name": "'Maria Rossi'", "amount": "Decimal('3400.00')",
                "bank_account": "'IT60X0542811101000000123456'",
            }}]},
        }]},
        "extra": {"contact_email": "x@y.example.org", "note": "write to a.b@c.example.org"},
        "sdk": {"name": "sentry.python", "version": "2"},
    }  # fmt: skip
    sent = json.dumps(before_send(event, {}))
    for personal in ("officer@", "maria.rossi", "Maria Rossi", "IT60X", "DE89", "a.b@c",
                     "sessionid", "x@y"):  # fmt: skip
        assert personal not in sent, personal
    assert '"id": 7' in sent
    assert "Decimal('3400.00')" in sent and "ValueError" in sent and "Firefox" in sent
    assert '"name": "sentry.python"' in sent


def test_sentry_starts_for_web_and_worker_without_personal_data():
    code = (
        "import sentry_sdk\n"
        "from consolidate.celery import app\n"
        "from consolidate.observability import before_send\n"
        "client = sentry_sdk.get_client()\n"
        "print(client.is_active(), client.options['send_default_pii'],"
        " client.options['before_send'] is before_send,"
        " sorted(k for k in client.integrations if k in ('django', 'celery')))\n"
    )
    result = run_django(code, SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert result.stdout.split("\n")[-2] == "True False True ['celery', 'django']"


def test_without_a_dsn_sentry_stays_off():
    result = run_django("import sentry_sdk; print(sentry_sdk.get_client().is_active())")
    assert result.stdout.strip().endswith("False")


def test_json_logs_are_one_object_a_line():
    code = (
        "import logging\n"
        "logging.getLogger('consolidate.security').warning('login failed ip=%s', '10.0.0.1')\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    logging.getLogger('x').exception('broke\\nacross lines')\n"
    )
    lines = run_django(code, LOG_FORMAT="json").stderr.strip().splitlines()
    first, second = (json.loads(line) for line in lines[-2:])
    assert first["level"] == "WARNING" and first["logger"] == "consolidate.security"
    assert first["message"] == "login failed ip=10.0.0.1" and first["time"].endswith("+00:00")
    assert second["message"] == "broke\nacross lines"
    assert "ZeroDivisionError" in second["exception"]


def test_admins_come_from_the_environment():
    code = "from django.conf import settings; print(settings.ADMINS)"
    admins = "Ana Ops <ana@ops.example.org>, duty@ops.example.org"
    result = run_django(code, DJANGO_ADMINS=admins)
    assert result.stdout.strip() == (
        "[('Ana Ops', 'ana@ops.example.org'), ('', 'duty@ops.example.org')]"
    )
