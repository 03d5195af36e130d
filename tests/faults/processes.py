"""Real processes for the fault tests, each on a free port, each stopped at the end.

A private PostgreSQL cluster (as the ``postgres`` system user when the tests run as root: it
refuses to run as root), a private Redis, the application under gunicorn, Celery workers and a
small SMTP server that counts what it accepts. Nothing here touches the machine's own
PostgreSQL or Redis.
"""

import asyncio
import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI") == "true"
POSTGRES_DIRS = ["/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
# What the processes must not inherit from the shell: they use the private services only.
INHERITED_SERVICES = (
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "STORAGE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "DJANGO_SETTINGS_MODULE",
)


def binary(name: str) -> str:
    """The program's path; a missing one skips locally and fails in CI."""
    found = shutil.which(name) or next(
        (str(Path(d) / name) for d in POSTGRES_DIRS if (Path(d) / name).exists()), None
    )
    if found:
        return found
    message = f"the fault tests need {name} (PostgreSQL's and Redis's server programs)"
    if IN_CI:
        pytest.fail(f"CI must run the fault tests: {message}")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, what: str, timeout: float = 180.0):
    """Poll ``condition`` until it returns something true; its value. Generous: machines are
    busy, and a deadline only bounds how long a real failure takes to show."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Process:
    """A child process in its own process group, so that a kill reaches all its children."""

    def __init__(self, args, *, env=None, log: Path, user: str | None = None):
        self.log = log
        if user and os.geteuid() == 0:
            args = ["runuser", "-u", user, "--", *args]
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def running(self) -> bool:
        return self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.running():
            os.killpg(self.popen.pid, sig)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, then SIGKILL for anything of the group still there."""
        self.kill(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class Postgres:
    """A private cluster in a folder the ``postgres`` user owns, on a free port."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.data, self.log = folder / "data", folder / "server.log"
        self.user = "postgres" if os.geteuid() == 0 else None
        self.pg_ctl = binary("pg_ctl")
        folder.mkdir(parents=True)
        if self.user:
            shutil.chown(folder, self.user, self.user)
        self._run([binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "-E", "UTF8", "--no-sync"])  # fmt: skip

    def _run(self, args) -> None:
        if self.user:
            args = ["runuser", "-u", self.user, "--", *args]
        subprocess.run(args, check=True, capture_output=True, timeout=300)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run([self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options,
                   "-w", "-t", "120", "start"])  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", "120", "stop"])

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def execute(self, sql: str, *, database: str = "postgres", params=()) -> list[tuple]:
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                      dbname=database, connect_timeout=10)  # fmt: skip
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()


class Redis:
    """A private redis-server on a free port, with nothing saved to disk: stopped, it is empty."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None
        self.program = binary("redis-server")
        folder.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        args = [self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.folder)]  # fmt: skip
        self.process = Process(args, log=self.folder / "redis.log")
        with stopped_on_failure(self.process):
            wait_for(lambda: answers(self.port), what="redis-server to listen", timeout=60)

    def stop(self) -> None:
        if self.process:
            self.process.stop()
        wait_for(lambda: not answers(self.port), what="redis-server to stop", timeout=60)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def app_environment(folder: Path, *, database_url: str, **variables) -> dict:
    """The environment of the application's processes: production-like (DEBUG off), private
    services, files under ``folder``."""
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_SERVICES}
    var = folder / "var"
    for sub in ("broker/queue", "broker/processed", "broker/control", "mail", "media"):
        (var / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="tests.faults.site_settings",
        DATABASE_URL=database_url, CONSOLIDATE_VAR_DIR=str(var), DJANGO_DEBUG="false",
        DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECRET_KEY="fault-tests-" + "x" * 50,
        CELERY_BROKER_URL="filesystem://", LOG_LEVEL="INFO",
    )  # fmt: skip
    env.update(variables)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def scenario(env: dict, *args) -> object:
    """Run tests/faults/scenario.py as the application; what it printed, as JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.scenario", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def start_web(env: dict, folder: Path) -> tuple[Process, int]:
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "consolidate.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "300",
        "--graceful-timeout",
        "5",
    ]
    web = Process(args, env=env, log=folder / f"web-{port}.log")
    with stopped_on_failure(web):
        wait_for(lambda: answers(port) or not web.running(), what="gunicorn to listen")
        assert web.running(), web.output()[-3000:]
    return web, port


def start_worker(env: dict, folder: Path, name: str, *, beat: bool = False) -> Process:
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "consolidate",
        "worker",
        "--pool",
        "solo",
        "--without-mingle",
        "--without-gossip",
        "--loglevel",
        "INFO",
        "-n",
        f"{name}@faults",
    ]
    if beat:
        args += ["--beat", "--schedule", str(folder / f"beat-{name}")]
    worker = Process(args, env=env, log=folder / f"worker-{name}.log")
    with stopped_on_failure(worker):
        wait_for(lambda: " ready." in worker.output() or not worker.running(),
                 what=f"worker {name} to be ready")  # fmt: skip
        assert worker.running(), worker.output()[-3000:]
    return worker


@contextlib.contextmanager
def stopped_on_failure(process: Process):
    """A process that did not come up is not left behind."""
    try:
        yield
    except BaseException:
        process.stop()
        raise


class SmtpSink:
    """An SMTP server that keeps what it accepts, and does not answer the first message to the
    address ``stall`` (its sender waits, as it would for a server that hangs)."""

    def __init__(self, *, stall: str = ""):
        self.stall, self.accepted, self.stalled = stall, [], threading.Event()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.port = self.controller.port

    async def handle_DATA(self, server, session, envelope):
        if self.stall in envelope.rcpt_tos and not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(3600)
        self.accepted.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return [address for rcpt_tos, _content in list(self.accepted) for address in rcpt_tos]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
