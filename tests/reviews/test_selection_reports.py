import datetime as dt
import io
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reviews.models import SelectionReport
from reviews.services import request_selection_report
from reviews.tasks import prepare_selection_report
from tests.factories import CallFactory, UserFactory
from tests.reviews.conftest import make_applications, review_of

pytestmark = pytest.mark.django_db


def reports_url(call):
    return reverse("admin:reviews_selection_reports", args=[call.pk])


def download_url(report, call=None):
    return reverse("admin:reviews_selection_report", args=[(call or report.call).pk, report.pk])


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def ready_report(call, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = request_selection_report(call, actor=coordinator)
    report.refresh_from_db()
    return report


def test_coordinator_prepares_the_report_then_downloads_it(
    client, call, reviewer, coordinator, django_capture_on_commit_callbacks
):
    (application,) = make_applications(call, 1)
    review_of(application, reviewer, [4, 3], actor=coordinator)
    client.force_login(coordinator)

    # The callbacks run when the block ends, as they would when the request's transaction
    # commits; the page the redirect leads to is read after that.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reports_url(call))
    page = client.get(response["Location"]).content.decode()

    report = SelectionReport.objects.get(call=call)
    assert (report.state, report.requested_by, report.error) == ("ready", coordinator, "")
    assert report.finished_at is not None
    assert "Selection report requested." in page
    assert "The latest report is ready to download." in page
    assert coordinator.email in page
    download = client.get(download_url(report))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert f"selection-report-{call.slug}-" in download["Content-Disposition"]
    text = pdf_text(download)
    assert application.reference in text
    assert "Selection report" in text


def test_a_pending_report_is_announced_with_a_way_to_check_again(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    # Not executing the commit callbacks leaves the report waiting for the worker.
    with django_capture_on_commit_callbacks(execute=False):
        report = request_selection_report(call, actor=coordinator)
    client.force_login(coordinator)

    page = client.get(reports_url(call)).content.decode()

    assert report.state == "pending"
    assert 'role="status"' in page
    assert "A report is being prepared." in page
    assert f'<a href="{reports_url(call)}">Check again</a>' in page
    assert 'data-pending="true"' in page
    assert "js/selection-reports.js" in page
    assert client.get(download_url(report)).status_code == 404


def test_a_double_click_queues_one_report(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reports_url(call))
        client.post(reports_url(call))

    assert SelectionReport.objects.filter(call=call).count() == 1
    assert len(queued) == 1


def test_a_pending_report_older_than_a_few_minutes_is_not_reused(
    call, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        stale = request_selection_report(call, actor=coordinator)
    SelectionReport.objects.filter(pk=stale.pk).update(
        requested_at=timezone.now() - dt.timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        fresh = request_selection_report(call, actor=coordinator)

    assert fresh.pk != stale.pk
    assert len(queued) == 1


def test_a_report_of_another_call_is_not_reused(
    call, coordinator, django_capture_on_commit_callbacks
):
    other = CallFactory()
    with django_capture_on_commit_callbacks(execute=False):
        first = request_selection_report(other, actor=coordinator)
        second = request_selection_report(call, actor=coordinator)
    assert first.pk != second.pk
    assert second.call == call


def test_a_report_that_cannot_be_stored_is_recorded_as_failed(
    client, call, coordinator, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    not_a_folder = tmp_path / "media-is-a-file"
    not_a_folder.write_text("")
    settings.MEDIA_ROOT = not_a_folder
    client.force_login(coordinator)

    with (
        caplog.at_level(logging.ERROR, logger="reviews.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reports_url(call))
    page = client.get(reports_url(call)).content.decode()

    report = SelectionReport.objects.get(call=call)
    assert report.state == "failed"
    assert report.finished_at is not None
    assert "Error" in report.error  # NotADirectoryError or FileExistsError, with its message
    assert f"Selection report {report.pk} of call {call.pk} failed" in caplog.text
    assert "The latest report could not be prepared." in page
    assert "Not prepared:" in page
    assert client.get(download_url(report)).status_code == 404


def test_the_task_leaves_a_finished_report_alone_and_ignores_unknown_ids(
    call, coordinator, django_capture_on_commit_callbacks
):
    report = ready_report(call, coordinator, django_capture_on_commit_callbacks)
    stored, finished = report.file.name, report.finished_at

    prepare_selection_report(report.pk)  # delivered a second time
    prepare_selection_report(report.pk + 1000)  # gone

    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == (stored, finished)
    assert SelectionReport.objects.count() == 1


def test_a_report_is_found_only_under_its_own_call(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    report = ready_report(call, coordinator, django_capture_on_commit_callbacks)
    other = CallFactory()
    client.force_login(coordinator)

    assert client.get(download_url(report)).status_code == 200
    assert client.get(download_url(report, call=other)).status_code == 404
    assert (
        client.get(reverse("admin:reviews_selection_report", args=[call.pk, 999999])).status_code
        == 404
    )
    assert report.download_name not in client.get(reports_url(other)).content.decode()
    assert download_url(report) not in client.get(reports_url(other)).content.decode()


def test_reviewers_and_applicants_neither_request_nor_download_reports(
    client, call, reviewer, coordinator, django_capture_on_commit_callbacks
):
    report = ready_report(call, coordinator, django_capture_on_commit_callbacks)
    for user, expected in [(reviewer, 403), (UserFactory(roles=["applicant"]), 302)]:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reports_url(call)).status_code == expected
        assert client.get(reports_url(call)).status_code == expected
        response = client.get(download_url(report))
        assert response.status_code == expected
        assert response.get("Content-Type") != "application/pdf"
    assert SelectionReport.objects.count() == 1


@pytest.mark.parametrize("count", [1, 12])
def test_reports_page_query_count_does_not_grow(
    client, call, coordinator, django_assert_num_queries, count
):
    states = ["ready", "failed", "pending"]
    for number in range(count):
        SelectionReport.objects.create(
            call=call,
            requested_by=UserFactory(roles=["coordinator"], is_staff=True),
            state=states[number % 3],
            file=f"reports/report-{number}.pdf" if states[number % 3] == "ready" else "",
            error="OSError: disk full" if states[number % 3] == "failed" else "",
        )
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        page = client.get(reports_url(call)).content.decode()
    table = page.split('id="selection-reports-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == count + 1  # the header and one row a report
