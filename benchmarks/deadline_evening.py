"""The evening before the deadline: N officers typing at once, a share of them submitting.

    .venv/bin/python benchmarks/deadline_evening.py [--workers 1,2,4] [--steps 25,50,100,200]
        [--window 60]

Each officer has a draft and a session. During a window (60 s) each one posts an autosave
every 5 s with changed text, as static/js/autosave.js does, reads the form now and then (one
tick in six), and a fifth of them submit in the window's last 20 s (the receipt PDF and the
e-mail go through a real Celery worker on Redis). The stack is the production one: gunicorn as
in the Dockerfile (sync workers, --preload, --max-requests), PostgreSQL, Redis for the broker
and the cache (so sessions are people.sessions, Django's cached_db, as in docker-compose.yml).

For each number of gunicorn workers, N grows through the steps until a step misses: p95 under
500 ms for autosave and under 2 s for submission, no error, and the database afterwards holds
every officer's last acknowledged autosave, every submission once (one version, its final
text) and one e-mail sent for it (one message written by the mail backend). The largest N
that held is printed, with each step's figures, and written to benchmarks/evening.json.

Needs PostgreSQL on 127.0.0.1 (EVENING_DATABASE_URL, dropped and created again: its name must
contain "bench"), Redis (EVENING_REDIS_URL, a database number of your own: its Celery queue is
purged, nothing else is touched) and the `bench` extra (aiohttp). Talks only to 127.0.0.1.
"""

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.evening_load import Step, run_step
from benchmarks.evening_stack import Stack, check_integrity, wait_for_emails
from benchmarks.run import fresh_database

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/consolidate_evening_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default="1,2,4", help="gunicorn worker counts to try")
    parser.add_argument("--steps", default="25,50,100,200,400", help="numbers of officers")
    parser.add_argument("--window", type=int, default=60, help="seconds of typing per step")
    parser.add_argument("--submit-share", type=float, default=0.2)
    parser.add_argument("--out", type=Path, default=HERE / "evening.json")
    return parser.parse_args()


def environment(database_url: str, redis_url: str, work: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}  # fmt: skip
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "CONSOLIDATE_VAR_DIR": str(work / "var"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "SITE_URL": "http://127.0.0.1",
        "CELERY_BROKER_URL": redis_url,
        "CACHE_URL": redis_url,
        # No SMTP server here: each message is written to a file, one file per message sent.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }


def prepare(env: dict, work: Path, officers: int) -> dict:
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    manifest = work / "officers.json"
    subprocess.run([sys.executable, "-m", "benchmarks.evening_seed", str(officers),
                    str(manifest)], cwd=ROOT, env=env, check=True)  # fmt: skip
    return json.loads(manifest.read_text())


def passed(result: dict) -> bool:
    return (
        result["errors"] == 0
        and result["autosave"]["p95_ms"] < 500
        and (result["submit"]["count"] == 0 or result["submit"]["p95_ms"] < 2000)
        and result["integrity"]["ok"]
    )


def try_workers(workers: int, steps, pool: list, env: dict, work: Path, args) -> dict:
    """Steps of growing N against ``workers`` gunicorn workers, until one misses."""
    stack, found, results = Stack(env, work, workers), 0, []
    try:
        stack.start()
        for size in steps:
            officers, pool[:] = pool[:size], pool[size:]
            submitting = set(random.sample(range(size), round(size * args.submit_share)))
            step = Step(stack.url, officers, submitting, args.window)
            print(f"… {workers} worker(s), N = {size}", flush=True)
            result = asyncio.run(run_step(step))
            result["emails_waited_s"] = wait_for_emails(env, step)
            result["integrity"] = check_integrity(env, step, stack.mail_dir)
            result.update(n=size, passed=passed(result), load_average=os.getloadavg())
            results.append(result)
            print(json.dumps(result), flush=True)
            if not result["passed"]:
                break
            found = size
    finally:
        stack.stop()
    return {"workers": workers, "largest_n": found, "steps": results}


def main() -> None:
    # A terminated run still stops the servers it started (the ``finally`` in try_workers).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    args = arguments()
    workers = [int(w) for w in args.workers.split(",")]
    steps = [int(n) for n in args.steps.split(",")]
    work = Path(tempfile.mkdtemp(prefix="consolidate-evening-"))
    database_url = os.environ.get("EVENING_DATABASE_URL", DEFAULT_DATABASE)
    fresh_database(database_url)
    env = environment(database_url, os.environ.get("EVENING_REDIS_URL", DEFAULT_REDIS), work)
    started = time.monotonic()
    pool = prepare(env, work, sum(steps) * len(workers))["officers"]
    report = {"window_s": args.window, "submit_share": args.submit_share,
              "cores": os.cpu_count(), "runs": []}  # fmt: skip
    for count in workers:
        report["runs"].append(try_workers(count, steps, pool, env, work, args))
    report["seconds"] = round(time.monotonic() - started)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print("\nworkers | largest N | autosave p95 | submit p95 | at N")
    for run in report["runs"]:
        best = next((s for s in run["steps"] if s["n"] == run["largest_n"]), None)
        if best:
            print(f"{run['workers']} | {run['largest_n']} | {best['autosave']['p95_ms']} ms | "
                  f"{best['submit']['p95_ms']} ms | {best['n']}")  # fmt: skip
        else:
            print(f"{run['workers']} | below {steps[0]} | — | — | —")
    print(f"\nWritten to {args.out}; logs in {work}")


if __name__ == "__main__":
    main()
