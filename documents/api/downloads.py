"""Responses that hand a stored file to a client that passed the authorization check."""

import logging

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header
from rest_framework.negotiation import BaseContentNegotiation

from documents import files
from documents.rules import UnsatisfiableRange, parse_byte_range

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """File endpoints answer with the file whatever `Accept` says; errors stay JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _read_range(fileobj, start: int, length: int):
    fileobj.seek(start)
    remaining = length
    while remaining > 0:
        chunk = fileobj.read(min(CHUNK, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        yield chunk


def stored_file_response(
    request, name: str, *, content_type: str, filename: str, size: int, as_attachment: bool = True
) -> HttpResponse:
    """Stream the stored file (honouring a single `Range`), or redirect to a short-lived signed URL on S3."""
    disposition = content_disposition_header(as_attachment, filename)
    if files.uses_signed_urls():
        url = files.storage().url(
            name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
            expire=settings.AWS_QUERYSTRING_EXPIRE,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response

    try:
        byte_range = parse_byte_range(request.headers.get("Range"), size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    try:
        fileobj = files.storage().open(name, "rb")
    except FileNotFoundError:
        logger.error("stored file missing", extra={"file": name})
        raise Http404 from None

    if byte_range is None:
        response = FileResponse(fileobj, as_attachment=as_attachment, filename=filename, content_type=content_type)
        response["Content-Disposition"] = disposition
    else:
        start, end = byte_range
        length = end - start + 1
        response = StreamingHttpResponse(_read_range(fileobj, start, length), status=206, content_type=content_type)
        response._resource_closers.append(fileobj.close)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
        response["Content-Disposition"] = disposition
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
