"""A Celery worker killed (SIGKILL) in the middle of a batch of e-mails, then a new worker:
no e-mail sent twice, the interrupted one left ``sending`` for a person to look at, the rest
delivered; sent again by a coordinator, every e-mail of the batch has gone exactly once."""

import json

from .processes import SmtpSink, app_environment, scenario, start_worker, wait_for

BATCH = 5
STALLED = 2  # the SMTP server never answers the second e-mail of the batch
# The new worker takes back a message the lost worker had taken a second ago, not an hour.
RECOVERY = {"visibility_timeout": 1, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


def states(cluster, database) -> dict[str, str]:
    rows = cluster.execute("SELECT recipient, state FROM notifications_email", database=database)
    return dict(rows)


def finished(worker) -> bool:
    lines = worker.output().splitlines()
    return any("deliver_emails[" in line and " succeeded " in line for line in lines)


def test_a_worker_killed_mid_batch_sends_no_email_twice(cluster, database, redis, tmp_path):
    with SmtpSink(stall="stall@example.org") as smtp:
        env = app_environment(
            tmp_path, database_url=cluster.url(database), CELERY_BROKER_URL=redis.url(0),
            REDIS_URL=redis.url(0), EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port),
        )  # fmt: skip
        first = start_worker(env, tmp_path, "first")
        try:
            assert len(scenario(env, "outbox", BATCH, STALLED)) == BATCH  # one task, five ids
            wait_for(smtp.stalled.is_set, what="the worker to hang on the second e-mail")
            first.kill()  # SIGKILL, to the whole process group
            first.popen.wait(60)
        finally:
            first.stop()
        assert smtp.recipients() == ["person1@example.org"]
        assert states(cluster, database) == {
            "person1@example.org": "sent", "stall@example.org": "sending",
            "person3@example.org": "pending", "person4@example.org": "pending",
            "person5@example.org": "pending",
        }  # fmt: skip

        recovery = {**env, "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(RECOVERY)}
        second = start_worker(recovery, tmp_path, "second")
        try:
            wait_for(lambda: finished(second), what="the new worker to finish the batch")
            assert sorted(smtp.recipients()) == [f"person{n}@example.org" for n in (1, 3, 4, 5)]
            held = states(cluster, database)
            assert held.pop("stall@example.org") == "sending"  # never sent again automatically
            assert set(held.values()) == {"sent"}

            # A coordinator, having checked it did not arrive, sends the interrupted one again.
            assert len(scenario(env, "resend")) == 1
            wait_for(lambda: "stall@example.org" in smtp.recipients(), what="the e-mail sent again")
        finally:
            second.stop()
    everyone = [f"person{n}@example.org" for n in (1, 3, 4, 5)] + ["stall@example.org"]
    assert sorted(smtp.recipients()) == sorted(everyone)  # each exactly once
    assert set(states(cluster, database).values()) == {"sent"}
