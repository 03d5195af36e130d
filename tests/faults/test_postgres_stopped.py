"""PostgreSQL stopped while officers submit: a 503 page, nothing half-written, then success."""

from concurrent.futures import ThreadPoolExecutor

from .officers import submit
from .processes import app_environment, scenario, start_web

OFFICERS = 6
TRY_AGAIN = "The platform cannot reach its database right now, so nothing was saved"


def applications(cluster, database) -> dict:
    """Each officer's application as the database holds it: state, reference, e-mails."""
    rows = cluster.execute(
        "SELECT u.email, a.state, a.reference, (SELECT count(*) FROM notifications_email e "
        "WHERE e.kind = 'submission_confirmation' AND e.user_id = u.id) "
        "FROM applications_application a JOIN auth_user u ON u.id = a.applicant_id",
        database=database,
    )
    return {email: (state, reference, emails) for email, state, reference, emails in rows}


def test_postgres_stopped_mid_submission_leaves_whole_rows_and_officers_submit_after(
    cluster, database, tmp_path
):
    env = app_environment(tmp_path, database_url=cluster.url(database))
    arranged = scenario(env, "officers", OFFICERS)
    path, officers = arranged["path"], arranged["officers"]
    web, port = start_web(env, tmp_path)
    try:
        assert submit(port, path, officers[0])[0] == 302  # the platform works

        # Most of the others submit together while PostgreSQL is stopped under them; the last
        # one tries only once it is down.
        racers, late = officers[1:-1], officers[-1]
        with ThreadPoolExecutor(len(racers)) as pool:
            racing = [pool.submit(submit, port, path, officer) for officer in racers]
            cluster.stop("immediate")
            answers = [future.result() for future in racing]
        for status, headers, page in answers:
            assert status in (302, 503), page[-2000:]
            if status == 503:
                assert TRY_AGAIN in page and headers["Retry-After"] == "30"

        # Down: every officer gets the "try again" page, none a server error.
        for officer in officers[1:]:
            status, headers, page = submit(port, path, officer)
            assert (status, headers["Retry-After"]) == (503, "30") and TRY_AGAIN in page

        cluster.start()
        # Nothing half-written: submitted with a reference and its two confirmations, or a
        # draft with neither.
        held = applications(cluster, database)
        assert len(held) == OFFICERS
        for state, reference, emails in held.values():
            assert (state, bool(reference), emails) in {("submitted", True, 2), ("draft", False, 0)}
        for officer, (status, _headers, _page) in zip(racers, answers, strict=True):
            if status == 302:  # a "submitted" answer is never a lie
                assert held[officer["email"]][0] == "submitted"
        assert held[late["email"]][0] == "draft"
        drafts = [officer for officer in officers if held[officer["email"]][0] == "draft"]

        for officer in drafts:  # the same officers, the same form, now accepted
            status, headers, page = submit(port, path, officer)
            assert status == 302, page[-2000:]
    finally:
        web.stop()
    after = applications(cluster, database)
    assert {row[0] for row in after.values()} == {"submitted"}
    assert all(emails == 2 for _state, _reference, emails in after.values())
    assert len({reference for _state, reference, _emails in after.values()}) == OFFICERS
