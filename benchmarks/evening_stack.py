"""The production stack of the deadline evening (gunicorn, a Celery worker), and the checks of
what the database and the mail backend hold afterwards."""

import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2

from benchmarks.load import free_port

ROOT = Path(__file__).resolve().parent.parent
OWN = [sys.executable, "-m", "benchmarks.own_tree"]  # this checkout's code only


class Stack:
    """gunicorn as the Dockerfile runs it, with ``workers`` workers, and one Celery worker as
    docker-compose.yml runs it (its default concurrency: one child per core)."""

    def __init__(self, env: dict, work: Path, workers: int):
        self.env, self.work, self.workers = env, work, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = Path(env["CONSOLIDATE_VAR_DIR"]) / "mail"
        self.processes, self.logs = [], []

    def start(self) -> None:
        subprocess.run([sys.executable, "-m", "celery", "-A", "consolidate", "purge", "-f"],
                       cwd=ROOT, env=self.env, check=True, capture_output=True)  # fmt: skip
        gunicorn = [
            *OWN, "gunicorn", "consolidate.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
            "--max-requests", "1000", "--max-requests-jitter", "100", "--preload",
            "--error-logfile", str(self.work / f"gunicorn-{self.workers}.log"),
        ]  # fmt: skip
        celery = [*OWN, "celery", "-A", "consolidate", "worker",
                  "--loglevel=WARNING", "--max-memory-per-child=400000"]  # fmt: skip
        for command, log in ((gunicorn, "web"), (celery, "celery")):
            # Open while the process writes to it; stop() closes it.
            out = open(self.work / f"{log}-{self.workers}.out", "w")  # noqa: SIM115
            self.logs.append(out)
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=self.env,
                                                   stdout=out, stderr=out))  # fmt: skip
        self._wait_ready()

    def _wait_ready(self) -> None:
        import urllib.request

        for _ in range(150):
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        sys.exit(f"gunicorn did not answer; see {self.work}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()


def connect(env: dict):
    config = dj_database_url.parse(env["DATABASE_URL"])
    return psycopg2.connect(dbname=config["NAME"], user=config["USER"],
                            password=config["PASSWORD"], host=config["HOST"],
                            port=config["PORT"] or 5432)  # fmt: skip


SENT = """SELECT count(*) FROM notifications_email WHERE kind = 'submission_confirmation'
          AND state = 'sent' AND split_part(occasion, ':', 2)::int = ANY(%s)"""


def wait_for_emails(env: dict, step, timeout: float = 240) -> float:
    """Seconds until the worker has sent every confirmation of the step (or the timeout)."""
    ids, started = list(step.submitted), time.monotonic()
    with connect(env) as connection, connection.cursor() as cursor:
        while time.monotonic() - started < timeout:
            cursor.execute(SENT, [ids])
            connection.commit()
            if cursor.fetchone()[0] >= len(ids):
                break
            time.sleep(0.5)
    return round(time.monotonic() - started, 1)


def check_integrity(env: dict, step, mail_dir: Path) -> dict:
    """Every last acknowledged autosave stored; every submission stored once, with one
    version of its final text, one e-mail sent and one message written."""
    drafts = {key: text for key, text in step.saved.items() if key not in step.submitted}
    with connect(env) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, challenge FROM applications_application WHERE id = ANY(%s)",
                       [list(drafts)])  # fmt: skip
        lost = [pk for pk, challenge in cursor.fetchall() if challenge != drafts[pk]]
        cursor.execute(
            """SELECT a.id, a.state, a.reference, count(DISTINCT v.id),
                      max(v.answers->>'challenge'), count(DISTINCT e.id) FILTER (
                        WHERE e.state = 'sent')
               FROM applications_application a
               LEFT JOIN applications_applicationversion v ON v.application_id = a.id
               LEFT JOIN notifications_email e ON e.kind = 'submission_confirmation'
                    AND e.occasion LIKE 'application:' || a.id || ':v%%'
               WHERE a.id = ANY(%s) GROUP BY a.id""",
            [list(step.submitted)],
        )
        rows = cursor.fetchall()
    messages = _messages_by_reference(mail_dir, [row[2] for row in rows])
    wrong = [row[0] for row in rows
             if row[1] != "submitted" or row[3] != 1 or row[4] != step.submitted[row[0]]
             or row[5] != 1 or messages.get(row[2]) != 1]  # fmt: skip
    return {"drafts_checked": len(drafts), "drafts_lost": len(lost),
            "submissions_checked": len(rows), "submissions_wrong": len(wrong),
            "submissions_missing": len(step.submitted) - len(rows),
            "ok": not lost and not wrong and len(rows) == len(step.submitted)}  # fmt: skip


def _messages_by_reference(mail_dir: Path, references: list[str]) -> dict:
    """How many written messages name each reference in their subject."""
    counts = dict.fromkeys(references, 0)
    for path in mail_dir.glob("*.log") if mail_dir.exists() else []:
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith("Subject:"):
                for reference in references:
                    if reference and reference in line:
                        counts[reference] += 1
    return counts
