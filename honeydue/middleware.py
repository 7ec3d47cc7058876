"""Request id, access log and body-size guard for every request."""

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from honeydue.api.errors import error_response
from honeydue.metrics import HTTP_LATENCY, HTTP_REQUESTS
from honeydue.request_context import request_id_var, sane_request_id, user_id_var

access_log = logging.getLogger("honeydue.access")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Adopt the client's sane X-Request-ID or mint one; echo it on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        request_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(request_token)
            user_id_var.reset(user_token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class AccessLogMiddleware:
    """One structured line per request: route, status, duration, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else user_id_var.get()
        route = match.route if match else "<unmatched>"
        HTTP_REQUESTS.labels(request.method, route, response.status_code).inc()
        HTTP_LATENCY.labels(request.method, route).observe(duration_ms / 1000)
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        access_log.log(
            level,
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response


class BodySizeLimitMiddleware:
    """Refuse a declared body larger than the route allows before reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        if request.content_type == "multipart/form-data":
            # Multipart framing adds a little; the view enforces the exact per-file limit.
            return max(settings.DOCUMENT_MAX_BYTES, settings.PHOTO_MAX_BYTES) + 1024 * 1024
        return settings.API_MAX_JSON_BODY_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH")
        if declared and declared.isdigit() and int(declared) > self.limit_for(request):
            return error_response(413, "request_too_large", "The request body is too large.")
        return self.get_response(request)
