"""Redis (broker and cache) stopped while officers submit: nothing refused, nothing lost,
every confirmation sent exactly once when Redis is back."""

from concurrent.futures import ThreadPoolExecutor

from .officers import submit
from .processes import SmtpSink, app_environment, scenario, start_web, start_worker, wait_for

OFFICERS = 5
SWEEP = "notifications.tasks.send_pending_emails["


def states(cluster, database) -> dict[str, str]:
    rows = cluster.execute("SELECT recipient, state FROM notifications_email", database=database)
    return dict(rows)


def addresses(officer) -> list[str]:
    return [officer["email"], officer["form"]["email"]]


def sweeps_done(worker) -> int:
    """How many of beat's outbox sweeps the worker has finished."""
    return sum(SWEEP in line and " succeeded " in line for line in worker.output().splitlines())


def test_redis_stopped_while_officers_submit_loses_no_confirmation_and_sends_each_once(
    cluster, database, redis, tmp_path
):
    with SmtpSink() as smtp:
        env = app_environment(
            tmp_path, database_url=cluster.url(database), CELERY_BROKER_URL=redis.url(0),
            REDIS_URL=redis.url(0), CACHE_URL=redis.url(1), OUTBOX_SWEEP_SECONDS="2",
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port),
        )  # fmt: skip
        arranged = scenario(env, "officers", OFFICERS)
        path, officers = arranged["path"], arranged["officers"]
        web, port = start_web(env, tmp_path)
        worker = start_worker(env, tmp_path, "mail", beat=True)
        try:
            assert submit(port, path, officers[0])[0] == 302
            wait_for(lambda: len(smtp.accepted) == 2, what="the first officer's confirmations")

            # Two officers submit while Redis is stopped under them, two once it is down:
            # sessions, CSRF and the outbox work without Redis.
            racers, late = officers[1:3], officers[3:]
            with ThreadPoolExecutor(len(racers)) as pool:
                racing = [pool.submit(submit, port, path, officer) for officer in racers]
                redis.stop()
                answers = [future.result() for future in racing]
            answers += [submit(port, path, officer) for officer in late]
            assert [status for status, _headers, _page in answers] == [302] * 4, answers
            held = states(cluster, database)
            assert len(held) == 10
            assert {held[address] for officer in late for address in addresses(officer)} == {
                "pending"
            }

            redis.start()
            wait_for(lambda: set(states(cluster, database).values()) == {"sent"},
                     what="every confirmation sent once Redis is back", timeout=600)  # fmt: skip
            # Two more sweeps after the last one was sent: none hands an e-mail on again.
            later = sweeps_done(worker) + 2
            wait_for(lambda: sweeps_done(worker) >= later, what="two more sweeps", timeout=300)
        finally:
            worker.stop()
            web.stop()
    expected = [address for officer in officers for address in addresses(officer)]
    assert sorted(smtp.recipients()) == sorted(expected)  # each exactly once
