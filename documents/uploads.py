"""Streaming enforcement of the per-route upload size limit."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


class UploadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The file is too large.")
    default_code = "request_too_large"


class LengthRequired(APIException):
    status_code = status.HTTP_411_LENGTH_REQUIRED
    default_detail = _("Send uploads with a Content-Length header.")
    default_code = "length_required"


def default_upload_limit() -> int:
    return max(settings.DOCUMENT_MAX_BYTES, settings.PHOTO_MAX_BYTES)


class FileSizeLimitUploadHandler(FileUploadHandler):
    """Counts each file's bytes as the multipart body streams in and aborts past the limit.

    Runs first in FILE_UPLOAD_HANDLERS, so an oversized file is refused after at
    most `limit` bytes have been read and the later handlers (memory up to
    FILE_UPLOAD_MAX_MEMORY_SIZE, then a temporary file on disk) never receive
    the excess. The limit is the view's `request.upload_max_bytes`, else the
    largest configured limit.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    @property
    def limit(self) -> int:
        return getattr(self.request, "upload_max_bytes", None) or default_upload_limit()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            # Not StopUpload: parsing must fail loudly so the view answers 413, not "file missing".
            raise UploadTooLarge()
        return raw_data

    def file_complete(self, file_size: int):
        return None  # let the next handler build the uploaded file


class UploadLimitMixin:
    """For DRF views that take multipart files: the per-file limit this route enforces while streaming.

    Set `upload_limit_setting` to the name of the setting (e.g. "PHOTO_MAX_BYTES"; the tasks
    complete endpoint should use that one for its `photos`). A multipart body without a
    Content-Length (chunked) is refused with 411: Django does not read bodies of unknown length,
    so the files would otherwise silently go missing. Other requests are untouched.
    """

    upload_limit_setting = "DOCUMENT_MAX_BYTES"

    def initialize_request(self, request, *args, **kwargs):
        request.upload_max_bytes = getattr(settings, self.upload_limit_setting)
        return super().initialize_request(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        is_multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        if is_multipart and not request.META.get("CONTENT_LENGTH", "").strip("0"):
            raise LengthRequired()
