import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from documents.uploads import FileSizeLimitUploadHandler, UploadTooLarge


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def parse(file_bytes: bytes, limit: int):
    body = encode_multipart(BOUNDARY, {"title": "x", "file": SimpleUploadedFile("big.bin", file_bytes)})
    request = RequestFactory().get("/")
    request.upload_max_bytes = limit
    stream = CountingStream(body)
    handlers = [
        FileSizeLimitUploadHandler(request),
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    parser = MultiPartParser(meta, stream, handlers)
    return parser, stream, len(body)


def test_it_stops_reading_the_body_soon_after_the_limit():
    limit = 256 * 1024
    parser, stream, total = parse(b"x" * (8 * 1024 * 1024), limit)
    with pytest.raises(UploadTooLarge):
        parser.parse()
    # The parser reads ahead in 64 KiB chunks: far less than the 8 MiB body was consumed.
    assert stream.bytes_read < limit + 4 * 64 * 1024
    assert stream.bytes_read < total / 10


def test_a_file_within_the_limit_parses_normally():
    parser, stream, total = parse(b"y" * 1000, 1000)
    data, files = parser.parse()
    assert data["title"] == "x"
    assert files["file"].read() == b"y" * 1000
    assert stream.bytes_read == total


def test_without_a_route_limit_the_largest_configured_limit_applies(settings):
    settings.DOCUMENT_MAX_BYTES = 2000
    settings.PHOTO_MAX_BYTES = 1000
    request = RequestFactory().post("/")
    assert FileSizeLimitUploadHandler(request).limit == 2000


@pytest.mark.django_db
def test_only_multipart_bodies_need_a_content_length(make_client, residence, owner):
    client = make_client(owner)
    # Not multipart: no 411; the empty body simply fails validation.
    response = client.post("/api/media/", {"residence_id": residence.pk}, format="json", CONTENT_LENGTH="")
    assert response.status_code == 400
