"""Uploads on S3-compatible object storage: a real S3 server (moto's), started by the test."""

import contextlib
import urllib.error
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

from consolidate.storage import file_storages
from tests.factories import RECEIPT_PDF, CallFactory, PastVisitFactory, UserFactory
from tests.faults.processes import free_port
from tests.visits.test_claims_views import expense_data, url
from visits.models import ExpenseLine, LumpSumClaim

BUCKET = "city-network-uploads"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name="eu-west-1",
            aws_access_key_id="test-key", aws_secret_access_key="test-secret",
        )  # fmt: skip
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        yield endpoint, client
    finally:
        # The server keeps its buckets in this process's memory: empty them for the next test.
        reset = urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
        with contextlib.suppress(OSError):
            urllib.request.urlopen(reset, timeout=30).close()
        server.stop()


@pytest.fixture
def on_s3(s3_server, settings):
    endpoint, client = s3_server
    environ = {"STORAGE_URL": f"s3://{BUCKET}?endpoint_url={endpoint}&region=eu-west-1",
               **CREDENTIALS}  # fmt: skip
    settings.STORAGES = {**settings.STORAGES, **file_storages(environ)}
    return endpoint, client


def test_without_a_bucket_uploads_stay_on_this_hosts_disk():
    storages = file_storages({})
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["receipts"]["OPTIONS"] == {"folder": "receipts"}


def test_the_usual_aws_variables_configure_a_private_bucket():
    storages = file_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "uploads",
            "AWS_S3_REGION_NAME": "eu-central-1",
            **CREDENTIALS,
        }  # fmt: skip
    )
    options = storages["default"]["OPTIONS"]
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["region_name"], options["default_acl"]) == (
        "uploads", "eu-central-1", "private"
    )  # fmt: skip
    assert (options["access_key"], options["secret_key"]) == ("test-key", "test-secret")
    assert storages["receipts"]["OPTIONS"]["location"] == "receipts"


def test_a_storage_url_with_a_prefix_keeps_receipts_under_it():
    storages = file_storages({"STORAGE_URL": "s3://k:s%2F1@uploads?location=prod/&region=fr-par"})
    assert storages["default"]["OPTIONS"]["secret_key"] == "s/1"
    assert storages["receipts"]["OPTIONS"]["location"] == "prod/receipts"


def test_a_storage_url_that_is_not_s3_is_refused_at_start():
    with pytest.raises(ValueError, match="s3://bucket"):
        file_storages({"STORAGE_URL": "ftp://uploads"})
    with pytest.raises(ValueError, match="unknown parameter 'acl'"):
        file_storages({"STORAGE_URL": "s3://uploads?acl=public-read"})


@pytest.mark.django_db
def test_a_receipt_goes_to_the_bucket_privately_and_comes_back_only_through_the_view(
    client, on_s3, settings
):
    endpoint, s3 = on_s3
    visit = PastVisitFactory()
    client.force_login(visit.application.applicant)

    response = client.post(url("claim_expense_new", visit), expense_data(LumpSumClaim(visit=visit)))

    assert response.status_code == 302
    line = ExpenseLine.objects.get()
    key = f"receipts/{line.receipt.name}"
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="receipts/")
    assert [item["Key"] for item in listed["Contents"]] == [key]
    assert not (settings.MEDIA_ROOT / "receipts").exists()  # nothing on this host's disk
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == RECEIPT_PDF
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner alone
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{endpoint}/{BUCKET}/{key}", timeout=10)
    assert anonymous.value.code == 403

    download = client.get(url("claim_receipt", visit, line.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == RECEIPT_PDF

    client.force_login(UserFactory(roles=["applicant"]))
    assert client.get(url("claim_receipt", visit, line.pk)).status_code == 404


@pytest.mark.django_db
def test_a_selection_report_is_kept_in_the_bucket_and_downloaded_through_the_admin(
    client, on_s3, django_capture_on_commit_callbacks
):
    from tests.reviews.test_selection_reports import download_url, pdf_text, ready_report

    _endpoint, s3 = on_s3
    coordinator = UserFactory(roles=["coordinator"], is_staff=True)
    call = CallFactory(title="Peer support 2027")
    report = ready_report(call, coordinator, django_capture_on_commit_callbacks)

    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="reports/")
    assert [item["Key"] for item in listed["Contents"]] == [report.file.name]
    client.force_login(coordinator)
    assert "Peer support 2027" in pdf_text(client.get(download_url(report)))
    client.force_login(UserFactory(roles=["reviewer"], is_staff=True))
    assert client.get(download_url(report)).status_code in (403, 404)


@pytest.mark.django_db(transaction=True)
def test_a_backup_copies_the_bucket_and_restores_it_into_an_empty_one(
    on_s3, tmp_path, new_database
):
    """With uploads in a bucket, the backup reads them from the bucket, and restoring without a
    media folder puts every object back there, byte for byte."""
    from consolidate.backups import make_backup, restore_backup
    from tests.consolidate.test_backups import seed_site

    _endpoint, client = on_s3
    seed_site()
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert any(item["Key"].startswith("receipts/") for item in objects)
    original = {item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
                for item in objects}  # fmt: skip
    backup = make_backup(directory=tmp_path / "backups")
    for key in original:  # the bucket is lost
        client.delete_object(Bucket=BUCKET, Key=key)

    restore_backup(backup, alias=new_database)

    restored = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert {item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
            for item in restored} == original  # fmt: skip
