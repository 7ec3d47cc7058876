"""The same flows against a real S3 HTTP API: moto in server mode on 127.0.0.1."""

import io
import socket
import uuid
from urllib.parse import parse_qs, urlsplit

import boto3
import httpx
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from documents import files
from documents.models import Document
from documents.tests import samples
from documents.tests.factories import make_document, make_media

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

KEY, SECRET, REGION = "testing-key", "testing-secret", "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    """STORAGE_BACKEND=s3 pointing at a fresh private bucket; returns (boto3 client, bucket)."""
    bucket = f"honeydue-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name=REGION, aws_access_key_id=KEY, aws_secret_access_key=SECRET
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGE_BACKEND = "s3"
    settings.AWS_QUERYSTRING_EXPIRE = 120
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                "access_key": KEY,
                "secret_key": SECRET,
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 120,
                "file_overwrite": True,
            },
        },
    }
    return client, bucket


def keys(client, bucket) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def body_of(client, bucket, key) -> bytes:
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def test_the_s3_backend_is_in_use(s3):
    assert type(storages["default"]).__name__ == "S3Storage"


def test_an_uploaded_document_lands_in_the_bucket_under_its_random_name(s3, clients, residence):
    client, bucket = s3
    response = clients["owner"].post(
        "/api/documents/",
        {"residence_id": residence.pk, "title": "Manual", "file": SimpleUploadedFile("m.pdf", samples.PDF)},
        format="multipart",
    )
    assert response.status_code == 201
    document = Document.objects.get()
    assert keys(client, bucket) == {document.file.name}
    assert body_of(client, bucket, document.file.name) == samples.PDF


def test_download_redirects_to_a_short_lived_signed_url_that_serves_the_file(s3, clients, residence, owner):
    document = make_document(residence, owner, name="Warranty ü.pdf")
    response = clients["member"].get(f"/api/documents/{document.pk}/download/")
    assert response.status_code == 302
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert "X-Amz-Signature" in query
    assert response["Cache-Control"] == "private, no-store"

    fetched = httpx.get(location)
    assert fetched.status_code == 200
    assert fetched.content == samples.PDF
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"].startswith("attachment;")
    assert "Warranty%20%C3%BC.pdf" in fetched.headers["content-disposition"]


def test_an_outsider_gets_404_and_no_signed_url(s3, clients, residence, owner):
    document = make_document(residence, owner)
    response = clients["outsider"].get(f"/api/documents/{document.pk}/download/")
    assert response.status_code == 404
    assert "Location" not in response


def test_photos_and_thumbnails_are_stored_and_redirected(s3, clients, residence, owner):
    client, bucket = s3
    photo = make_media(residence, owner, data=samples.image_bytes("JPEG", size=(900, 600), gps=True))
    assert keys(client, bucket) == {photo.file.name, photo.thumbnail.name}
    assert samples.gps_of(body_of(client, bucket, photo.file.name)) == {}
    response = clients["owner"].get(f"/api/media/{photo.pk}/thumbnail/")
    assert response.status_code == 302
    assert samples.size_of(httpx.get(response["Location"]).content) == (400, 267)


def test_deleting_removes_the_objects_after_commit(s3, clients, residence, owner, django_capture_on_commit_callbacks):
    client, bucket = s3
    document = make_document(residence, owner)
    photo = make_media(residence, owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert clients["owner"].delete(f"/api/documents/{document.pk}/").status_code == 204
        assert clients["owner"].delete(f"/api/media/{photo.pk}/").status_code == 204
        assert len(keys(client, bucket)) == 3, "removed before the commit"
    assert keys(client, bucket) == set()


def test_a_rolled_back_upload_leaves_no_object(s3, residence, owner):
    client, bucket = s3
    with pytest.raises(RuntimeError), files.atomic_with_files():
        make_document(residence, owner)
        make_media(residence, owner)
        assert len(keys(client, bucket)) == 3
        raise RuntimeError
    assert keys(client, bucket) == set()


def test_purge_orphan_files_finds_and_removes_stray_objects(s3, residence, owner):
    client, bucket = s3
    kept = make_document(residence, owner)
    client.put_object(Bucket=bucket, Key="media/thumbnails/stray.jpg", Body=b"x")
    out = io.StringIO()
    call_command("purge_orphan_files", "--dry-run", "--min-age-minutes=0", stdout=out)
    assert out.getvalue().splitlines()[0] == "media/thumbnails/stray.jpg"
    assert "media/thumbnails/stray.jpg" in keys(client, bucket)
    call_command("purge_orphan_files", "--min-age-minutes=0", stdout=io.StringIO())
    assert keys(client, bucket) == {kept.file.name}
