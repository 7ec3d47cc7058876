import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document
from documents.tests import samples
from documents.tests.factories import document_type, make_document, make_task
from residences.tests.factories import ResidenceFactory

pytestmark = pytest.mark.django_db

ROLE = ("role", "status")
READ = [("anonymous", 401), ("outsider", 404), ("member", 200), ("owner", 200)]
DELETE = [("anonymous", 401), ("outsider", 404), ("member", 204), ("owner", 204)]
CREATE = [("anonymous", 401), ("outsider", 404), ("member", 201), ("owner", 201)]

LIST = "/api/documents/"


def detail(document) -> str:
    return f"/api/documents/{document.pk}/"


def upload_body(residence, data=samples.PDF, name="manual.pdf", content_type="application/pdf", **fields):
    return {
        "residence_id": residence.pk,
        "title": "Dishwasher manual",
        "file": SimpleUploadedFile(name, data, content_type=content_type),
        **fields,
    }


def error_code(response) -> str:
    return response.json()["error"]["code"]


@pytest.fixture
def document(residence, owner):
    return make_document(residence, owner, document_type=document_type("manual"), vendor="Bosch")


class TestAuthorizationMatrix:
    @pytest.mark.parametrize(ROLE, READ)
    def test_get(self, clients, document, role, status):
        assert clients[role].get(detail(document)).status_code == status

    @pytest.mark.parametrize(ROLE, READ)
    def test_download(self, clients, document, role, status):
        assert clients[role].get(detail(document) + "download/").status_code == status

    @pytest.mark.parametrize(ROLE, READ)
    def test_patch(self, clients, document, role, status):
        response = clients[role].patch(detail(document), {"title": "Renamed"})
        assert response.status_code == status
        document.refresh_from_db()
        assert (document.title == "Renamed") == (status == 200)

    @pytest.mark.parametrize(ROLE, DELETE)
    def test_delete(self, clients, document, role, status):
        assert clients[role].delete(detail(document)).status_code == status
        assert Document.objects.filter(pk=document.pk).exists() == (status != 204)

    @pytest.mark.parametrize(ROLE, CREATE)
    def test_upload_into_the_residence(self, clients, residence, role, status):
        response = clients[role].post(LIST, upload_body(residence), format="multipart")
        assert response.status_code == status
        assert Document.objects.filter(residence=residence).count() == (1 if status == 201 else 0)

    @pytest.mark.parametrize(("role", "count"), [("outsider", 0), ("member", 1), ("owner", 1)])
    def test_list_shows_only_my_residences(self, clients, document, role, count):
        response = clients[role].get(LIST)
        assert response.status_code == 200
        assert response.json()["count"] == count

    def test_list_needs_a_token(self, clients):
        assert clients["anonymous"].get(LIST).status_code == 401

    def test_outsider_filtering_by_my_residence_sees_nothing(self, clients, document, residence):
        assert clients["outsider"].get(LIST, {"residence": residence.pk}).json()["count"] == 0

    def test_outsider_gets_the_same_404_as_for_a_missing_id(self, clients, document):
        mine = clients["outsider"].get(detail(document))
        missing = clients["outsider"].get("/api/documents/999999/")
        assert mine.json() == missing.json()


class TestUpload:
    def test_it_returns_the_document(self, clients, residence, member):
        task = make_task(residence)
        kind = document_type("warranty")
        response = clients["member"].post(
            LIST,
            upload_body(
                residence,
                name="Warranty.PDF",
                document_type_id=kind.pk,
                vendor="Bosch",
                purchase_date="2024-03-01",
                expires_on="2029-03-01",
                task_id=task.pk,
                description="Five years, parts and labour",
            ),
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        document = Document.objects.get()
        assert body == {
            "id": document.pk,
            "residence_id": residence.pk,
            "title": "Dishwasher manual",
            "document_type_id": kind.pk,
            "description": "Five years, parts and labour",
            "vendor": "Bosch",
            "purchase_date": "2024-03-01",
            "expires_on": "2029-03-01",
            "task_id": task.pk,
            "file_name": "Warranty.PDF",
            "content_type": "application/pdf",
            "size_bytes": len(samples.PDF),
            "created_by_id": member.pk,
            "created_at": body["created_at"],
            "download_url": f"http://testserver/api/documents/{document.pk}/download/",
        }
        assert body["created_at"].endswith("Z")

    @pytest.mark.parametrize(
        ("data", "content_type"),
        [
            (samples.PDF, "application/pdf"),
            (samples.image_bytes("JPEG"), "image/jpeg"),
            (samples.image_bytes("PNG"), "image/png"),
            (samples.image_bytes("WEBP"), "image/webp"),
            (samples.image_bytes("HEIF"), "image/heic"),
            (samples.TEXT, "text/plain"),
        ],
    )
    def test_allowed_types_whatever_the_name_or_declared_type(self, clients, residence, data, content_type):
        body = upload_body(residence, data=data, name="upload.bin", content_type="application/x-whatever")
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 201, response.json()
        assert response.json()["content_type"] == content_type

    def test_an_executable_renamed_pdf_is_refused_with_415(self, clients, residence):
        body = upload_body(residence, data=samples.EXE, name="invoice.pdf", content_type="application/pdf")
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 415
        assert error_code(response) == "unsupported_media_type"
        assert not Document.objects.exists()

    def test_a_pdf_renamed_jpg_is_stored_as_a_pdf(self, clients, residence):
        body = upload_body(residence, name="scan.jpg", content_type="image/jpeg")
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 201
        assert response.json()["content_type"] == "application/pdf"
        assert response.json()["file_name"] == "scan.jpg.pdf"

    def test_a_file_over_the_limit_is_refused_with_413_while_it_streams(self, clients, residence, settings):
        settings.DOCUMENT_MAX_BYTES = 64 * 1024
        big = samples.PDF + b"0" * (256 * 1024)
        response = clients["owner"].post(LIST, upload_body(residence, data=big), format="multipart")
        assert response.status_code == 413
        assert error_code(response) == "request_too_large"
        assert not Document.objects.exists()

    def test_a_file_at_the_limit_is_accepted(self, clients, residence, settings):
        data = samples.PDF + b"0" * 1000
        settings.DOCUMENT_MAX_BYTES = len(data)
        response = clients["owner"].post(LIST, upload_body(residence, data=data), format="multipart")
        assert response.status_code == 201

    def test_a_declared_body_over_the_limit_is_refused_before_reading(self, clients, residence):
        response = clients["owner"].post(
            LIST, upload_body(residence), format="multipart", CONTENT_LENGTH=str(500 * 1024 * 1024)
        )
        assert response.status_code == 413
        assert error_code(response) == "request_too_large"

    def test_json_instead_of_multipart_is_415(self, clients, residence):
        response = clients["owner"].post(LIST, {"residence_id": residence.pk, "title": "x"}, format="json")
        assert response.status_code == 415
        assert error_code(response) == "unsupported_media_type"

    def test_missing_fields_are_400_in_the_error_shape(self, clients, residence):
        response = clients["owner"].post(LIST, {"residence_id": residence.pk}, format="multipart")
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"file", "title"}

    def test_an_empty_file_is_400(self, clients, residence):
        response = clients["owner"].post(LIST, upload_body(residence, data=b""), format="multipart")
        assert response.status_code == 400
        assert "file" in response.json()["error"]["fields"]

    def test_a_task_of_another_residence_is_400(self, clients, residence, owner):
        other_task = make_task(ResidenceFactory(owner=owner))
        body = upload_body(residence, task_id=other_task.pk)
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 400
        assert "task_id" in response.json()["error"]["fields"]

    def test_an_unknown_document_type_is_400(self, clients, residence):
        response = clients["owner"].post(LIST, upload_body(residence, document_type_id=99999), format="multipart")
        assert response.status_code == 400
        assert "document_type_id" in response.json()["error"]["fields"]

    def test_the_plan_limit_is_403_upgrade_required(self, clients, residence, owner, settings):
        settings.FREE_MAX_DOCUMENTS = 1
        make_document(residence, owner)
        response = clients["member"].post(LIST, upload_body(residence), format="multipart")
        assert response.status_code == 403
        assert error_code(response) == "upgrade_required"
        assert Document.objects.count() == 1


class TestEditAndDelete:
    def test_patch_changes_details_and_can_link_and_unlink_a_task(self, clients, document, residence):
        task = make_task(residence)
        response = clients["member"].patch(
            detail(document), {"vendor": "Miele", "expires_on": "2031-01-01", "task_id": task.pk}
        )
        assert response.status_code == 200
        assert response.json()["vendor"] == "Miele"
        assert response.json()["expires_on"] == "2031-01-01"
        assert response.json()["task_id"] == task.pk
        response = clients["member"].patch(detail(document), {"task_id": None, "document_type_id": None})
        assert response.json()["task_id"] is None
        assert response.json()["document_type_id"] is None

    def test_patch_refuses_a_blank_title(self, clients, document):
        response = clients["owner"].patch(detail(document), {"title": ""})
        assert response.status_code == 400

    def test_patch_refuses_a_task_of_another_residence(self, clients, document, owner):
        other_task = make_task(ResidenceFactory(owner=owner))
        response = clients["owner"].patch(detail(document), {"task_id": other_task.pk})
        assert response.status_code == 400

    def test_put_is_not_offered(self, clients, document):
        assert clients["owner"].put(detail(document), {"title": "x"}).status_code == 405

    def test_delete_removes_the_file_after_commit(self, clients, document, django_capture_on_commit_callbacks):
        name = document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            assert clients["owner"].delete(detail(document)).status_code == 204
        assert not default_storage.exists(name)


class TestFilters:
    @pytest.fixture
    def documents(self, residence, owner):
        other = ResidenceFactory(owner=owner)
        today = dt.date.today()
        return {
            "soon": make_document(residence, owner, title="soon", expires_on=today + dt.timedelta(days=5)),
            "later": make_document(residence, owner, title="later", expires_on=today + dt.timedelta(days=60)),
            "expired": make_document(residence, owner, title="expired", expires_on=today - dt.timedelta(days=1)),
            "today": make_document(
                other, owner, title="today", expires_on=today, document_type=document_type("manual")
            ),
            "never": make_document(other, owner, title="never"),
        }

    def titles(self, client, **params) -> set[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200
        return {item["title"] for item in response.json()["results"]}

    def test_by_residence(self, clients, documents, residence):
        assert self.titles(clients["owner"], residence=residence.pk) == {"soon", "later", "expired"}

    def test_by_document_type(self, clients, documents):
        assert self.titles(clients["owner"], document_type=document_type("manual").pk) == {"today"}

    def test_expiring_within_days_counts_from_today_inclusive(self, clients, documents):
        assert self.titles(clients["owner"], expiring_within_days=30) == {"soon", "today"}
        assert self.titles(clients["owner"], expiring_within_days=0) == {"today"}

    def test_expiring_within_days_must_be_a_non_negative_number(self, clients, documents):
        assert clients["owner"].get(LIST, {"expiring_within_days": "-1"}).status_code == 400
        assert clients["owner"].get(LIST, {"expiring_within_days": "soon"}).status_code == 400

    def test_filters_combine(self, clients, documents, residence):
        assert self.titles(clients["owner"], residence=residence.pk, expiring_within_days=10) == {"soon"}

    def test_lists_are_paginated(self, clients, documents):
        body = clients["owner"].get(LIST, {"page_size": 2}).json()
        assert body["count"] == 5
        assert len(body["results"]) == 2
        assert body["next"]


class TestDownload:
    def test_it_streams_the_file_as_an_attachment(self, clients, residence, owner):
        document = make_document(residence, owner, name="Dish manual ü.pdf")
        response = clients["member"].get(detail(document) + "download/")
        assert response.status_code == 200
        assert response.streaming
        assert b"".join(response.streaming_content) == samples.PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(len(samples.PDF))
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''Dish%20manual%20%C3%BC.pdf" in response["Content-Disposition"]
        assert response["Accept-Ranges"] == "bytes"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_it_ignores_the_accept_header(self, clients, document):
        response = clients["owner"].get(detail(document) + "download/", HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200

    def test_a_range_gets_206_with_just_those_bytes(self, clients, document):
        response = clients["owner"].get(detail(document) + "download/", HTTP_RANGE="bytes=5-14")
        assert response.status_code == 206
        assert b"".join(response.streaming_content) == samples.PDF[5:15]
        assert response["Content-Range"] == f"bytes 5-14/{len(samples.PDF)}"
        assert response["Content-Length"] == "10"
        assert response["Content-Disposition"].startswith("attachment;")

    def test_a_suffix_range_gets_the_tail(self, clients, document):
        response = clients["owner"].get(detail(document) + "download/", HTTP_RANGE="bytes=-6")
        assert response.status_code == 206
        assert b"".join(response.streaming_content) == samples.PDF[-6:]

    def test_a_range_past_the_end_is_416(self, clients, document):
        response = clients["owner"].get(detail(document) + "download/", HTTP_RANGE=f"bytes={len(samples.PDF)}-")
        assert response.status_code == 416
        assert response["Content-Range"] == f"bytes */{len(samples.PDF)}"

    def test_a_large_file_can_be_fetched_in_ranges(self, clients, residence, owner, settings):
        data = samples.TEXT * 40_000  # ~1.8 MB
        document = make_document(residence, owner, data=data, name="log.txt")
        chunk, got = 256 * 1024, b""
        while len(got) < len(data):
            end = min(len(got) + chunk, len(data)) - 1
            response = clients["owner"].get(detail(document) + "download/", HTTP_RANGE=f"bytes={len(got)}-{end}")
            assert response.status_code == 206
            got += b"".join(response.streaming_content)
        assert got == data

    def test_a_missing_stored_file_is_404(self, clients, document):
        default_storage.delete(document.file.name)
        assert clients["owner"].get(detail(document) + "download/").status_code == 404

    def test_no_media_url_serves_stored_files(self, clients, document, client):
        assert client.get("/media/" + document.file.name).status_code == 404
        assert client.get("/" + document.file.name).status_code == 404


def test_an_upload_without_content_length_is_411(clients, residence):
    response = clients["owner"].post(LIST, upload_body(residence), format="multipart", CONTENT_LENGTH="")
    assert response.status_code == 411
    assert error_code(response) == "length_required"
