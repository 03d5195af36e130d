"""The benchmark: seed a large call, serve it under gunicorn next to bare Django, load it.

    .venv/bin/python benchmarks/run.py [--sqlite] [--quick] [--seconds N]

Drops and re-creates the PostgreSQL database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/consolidate_bench; its name must contain "bench"), or with
--sqlite uses a fresh SQLite file in a temporary folder; the shared cache is Redis, at
BENCH_REDIS_URL (default redis://127.0.0.1:6379/7, a database number of its own: emptied).
Talks only to 127.0.0.1. Prints one table and writes benchmarks/results.json. See
benchmarks/README.md.
"""

import argparse
import json
import os
import secrets
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg2
import redis
from psycopg2 import sql

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import MemorySampler, Server, environment_without, load, require_wrk, run_wrk
from benchmarks.pages import key_pages
from benchmarks.report import budgets, print_report, ratio_at_8

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/consolidate_bench"
# The shared cache, as docker-compose.yml gives it (sessions, pages, counts): a database number
# of the benchmark's own, emptied at the start of a run.
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--quick", action="store_true", help="a tenth of the data, 5 s loads")
    parser.add_argument("--seconds", type=int, help="seconds of wrk per page and concurrency")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="FOLDER",
        help="the folder a previous run printed: its database, no new seeding",
    )
    parser.add_argument("--only", help="comma-separated page keys to load (no budgets then)")
    return parser.parse_args()


def fresh_database(url: str) -> None:
    config = dj_database_url.parse(url)
    name = config["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the benchmark database's name must contain 'bench'.")
    admin = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"],
        host=config["HOST"], port=config["PORT"] or 5432,
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))  # fmt: skip
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def environment(database_url: str, work: Path) -> dict:
    """Production settings, as docker-compose.yml gives them, on 127.0.0.1."""
    cache_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    redis.Redis.from_url(cache_url).flushdb()
    return {
        **environment_without(("DJANGO_SETTINGS_MODULE", "CACHE_URL", "PYTHONPATH")),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",  # docker-compose.yml's default
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # Staff sessions are created without the browser, so they have no second factor.
        "STAFF_MFA_REQUIRED": "false",
        "CONSOLIDATE_VAR_DIR": str(work / "var"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "SITE_URL": "http://127.0.0.1",
        "CACHE_URL": cache_url,
        "CELERY_BROKER_URL": "memory://",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def step(title: str, command: list[str], env: dict) -> float:
    print(f"… {title}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{title} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return round(time.perf_counter() - started, 1)


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def prepare(args, env: dict, work: Path) -> dict:
    timings = {}
    timings["migrate_seconds"] = step("migrate", python("manage.py", "migrate", "--noinput"), env)
    timings["collectstatic_seconds"] = step(
        "collectstatic", python("manage.py", "collectstatic", "--noinput"), env
    )
    manifest_path = work / "manifest.json"
    scale = "0.1" if args.quick else "1"
    seed = python("-m", "benchmarks.seed", "--manifest", str(manifest_path), "--scale", scale)
    timings["seed_process_seconds"] = step("seed (bulk inserts)", seed, env)
    manifest = json.loads(manifest_path.read_text())
    manifest["timings"] = timings
    print(f"  seeded in {manifest['seed_seconds']} s: {manifest['rows']}", flush=True)
    return manifest


def probe(what: str, env: dict, work: Path, manifest_path: Path) -> dict:
    out = work / f"{what}.json"
    step(f"probe {what}", python("-m", "benchmarks.probe", what, str(manifest_path), str(out)), env)
    return json.loads(out.read_text())


def serve_and_load(env: dict, work: Path, manifest: dict, seconds: int, pages) -> dict:
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "floor.settings"}
    product = Server("product", "consolidate.wsgi:application", env=env, chdir=ROOT,
                     log=work / "product.log")  # fmt: skip
    floor = Server("floor", "floor.wsgi:application", env=floor_env, chdir=HERE,
                   log=work / "floor.log")  # fmt: skip
    try:
        product.wait_ready()
        floor.wait_ready()
        # Worker memory once each worker has answered a page, then after each page's load.
        load(product.url + "/", None, "text/html", seconds=1)
        growth = {"started": product.worker_rss_mb()}
        print(f"… loading the floor ({floor.url})", flush=True)
        results = {"floor": load(floor.url + "/", None, "text/html", seconds)}
        sampler, peaks = MemorySampler(product), {}
        manifest.setdefault("csrf_secret", csrf_secret())
        sampler.start()
        for page in pages:
            cookie = browser_cookie(manifest, page.role)
            print(f"… loading {page.name}: {page.path}", flush=True)
            results[page.key] = load(product.url + page.path, cookie, page.content_type, seconds)
            if page.key in BESIDE_FLOOR:
                results[page.key]["against_floor"] = ratio_slices(
                    floor.url + "/", product.url + page.path, cookie
                )
            growth[f"after {page.key}"] = product.worker_rss_mb()
            peaks[page.key] = sampler.reset()
        sampler.stop()
        memory = {"product": product.worker_rss_mb(), "floor": floor.worker_rss_mb(),
                  "product_growth": growth, "peaks_during": peaks}  # fmt: skip
    finally:
        product.stop()
        floor.stop()
    return {"pages": results, "worker_rss_mb": memory}


# The pages whose budget is a share of the floor's req/s at 8 connections. The machine's speed
# drifts by a quarter within minutes, and as much within the ten seconds of one load (Dec 3:
# the floor at 1,793 req/s before the form's load and 2,524 after it). So each of them is also
# loaded in SLICES short loads, alternating with the floor's, and its ratio to the floor is the
# median of each slice's req/s over the mean of the floor's slices on either side of it.
BESIDE_FLOOR = ("call", "static", "static_signed_in", "form", "mine")
SLICES, SLICE_SECONDS = 4, 3


def ratio_slices(floor_url: str, url: str, cookie: str | None) -> dict:
    print(f"… the page and the floor in turn, {SLICES} times {SLICE_SECONDS} s", flush=True)
    floors, pages = [run_wrk(floor_url, None, 8, SLICE_SECONDS)["rps"]], []
    for _ in range(SLICES):
        pages.append(run_wrk(url, cookie, 8, SLICE_SECONDS)["rps"])
        floors.append(run_wrk(floor_url, None, 8, SLICE_SECONDS)["rps"])
    ratios = [page / ((floors[i] + floors[i + 1]) / 2) for i, page in enumerate(pages)]
    return {"floor_rps": floors, "page_rps": pages, "ratios": [round(r, 3) for r in ratios],
            "ratio": round(statistics.median(ratios), 3)}  # fmt: skip


def csrf_secret() -> str:
    """A CSRF secret as Django makes one (32 letters and digits)."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def browser_cookie(manifest: dict, role: str | None) -> str | None:
    """What a signed-in person's browser sends: their session, and the CSRF cookie it was
    given on the sign-in page (whose form is a POST), as every later page finds it."""
    session = manifest["sessions"].get(role) if role else None
    if session is None:
        return None
    return f"sessionid={session}; csrftoken={manifest['csrf_secret']}"


def machine() -> dict:
    def run(*command):
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()

    return {
        "date": run("date"),
        "nproc": run("nproc"),
        "memory": run("free", "-h").splitlines()[1].split()[1] if run("free", "-h") else "",
        "cpu": cpu_model(),
        "load_average_before": Path("/proc/loadavg").read_text().split()[:3],
    }


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return ""


def setup(args) -> tuple[Path, dict, dict]:
    """A fresh database, seeded (or, with --reuse, the one a previous run left)."""
    if args.reuse:
        work = args.reuse
        env = json.loads((work / "env.json").read_text())
        return work, env, json.loads((work / "manifest.json").read_text())
    work = Path(tempfile.mkdtemp(prefix="consolidate-bench-"))
    if args.sqlite:
        database_url = f"sqlite:///{work / 'bench.sqlite3'}"
    else:
        database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
        fresh_database(database_url)
    env = environment(database_url, work)
    # The sessions in the database are signed with this run's secret key: kept for --reuse.
    (work / "env.json").write_text(json.dumps(env))
    manifest = prepare(args, env, work)
    (work / "manifest.json").write_text(json.dumps(manifest))
    return work, env, manifest


def partial_run(args, env: dict, work: Path, manifest: dict, seconds: int) -> None:
    """--only: the named pages loaded and counted, no budgets."""
    keys = args.only.split(",")
    pages = [page for page in key_pages(manifest) if page.key in keys]
    served = serve_and_load(env, work, manifest, seconds, pages)
    floor = served["pages"]["floor"]
    for key, result in served["pages"].items():
        ratios = [f"{result['1']['rps'] / floor['1']['rps']:.3f}" if "rps" in result["1"]
                  else "—", f"{ratio_at_8(served['pages'], key):.3f}"]  # fmt: skip
        print(key, json.dumps(result), "× floor:", ratios)
    print("memory:", json.dumps(served["worker_rss_mb"]))
    args.out.write_text(json.dumps(served, indent=2) + "\n")


def main() -> None:
    args = arguments()
    require_wrk()
    seconds = args.seconds or (5 if args.quick else 10)
    about = machine()
    work, env, manifest = setup(args)
    manifest_path = work / "manifest.json"
    if args.only:
        partial_run(args, env, work, manifest, seconds)
        return
    # First, so that the report's stored file exists for the download page.
    report = probe("report", env, work, manifest_path)
    manifest["report"] = {"id": report["report_id"]}
    manifest_path.write_text(json.dumps(manifest))
    queries = probe("queries", env, work, manifest_path)
    served = serve_and_load(env, work, manifest, seconds, key_pages(manifest))
    reminders = probe("reminders", env, work, manifest_path)
    results = {
        "machine": about,
        "database": "sqlite" if args.sqlite else "postgresql",
        "scale": "quick (a tenth)" if args.quick else "full",
        "seconds_per_load": seconds,
        "seed": {"seconds": manifest["seed_seconds"], "rows": manifest["rows"],
                 **manifest["timings"]},  # fmt: skip
        "pages": served["pages"],
        "queries": queries,
        "worker_rss_mb": served["worker_rss_mb"],
        "reminders": reminders,
        "report": report,
    }  # fmt: skip
    results["machine"]["load_average_after"] = Path("/proc/loadavg").read_text().split()[:3]
    results["budgets"] = budgets(results, key_pages(manifest))
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print_report(results, key_pages(manifest))
    print(f"\nWritten to {args.out}; logs and the manifest in {work}")


if __name__ == "__main__":
    main()
