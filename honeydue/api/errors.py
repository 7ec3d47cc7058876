"""One error shape for every failure:

    {"error": {"code": "...", "message": "...", "fields": {"field": ["..."]}}}

`fields` appears only on validation errors.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from honeydue import exceptions as domain

logger = logging.getLogger(__name__)

_DOMAIN_STATUS = {
    domain.InvalidTransition: status.HTTP_409_CONFLICT,
    domain.Conflict: status.HTTP_409_CONFLICT,
    domain.UpgradeRequired: status.HTTP_403_FORBIDDEN,
    domain.NotPermitted: status.HTTP_403_FORBIDDEN,
    domain.InvalidInput: status.HTTP_400_BAD_REQUEST,
    domain.TooLarge: status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    domain.UnsupportedMediaType: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
}

_CODE_BY_STATUS = {
    400: "validation_error",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


def error_body(code: str, message, fields: dict | None = None) -> dict:
    error = {"code": code, "message": str(message)}
    if fields:
        error["fields"] = fields
    return {"error": error}


def error_response(status_code: int, code: str, message, fields: dict | None = None) -> JsonResponse:
    """For middleware and plain Django views, outside DRF."""
    return JsonResponse(error_body(code, message, fields), status=status_code)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into {"a.b": ["message", ...]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") else str(key)
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(detail)]}


def _validation_message(fields: dict[str, list[str]]) -> str:
    if list(fields) == ["non_field_errors"]:
        return fields["non_field_errors"][0]
    return _("Invalid input.")


def exception_handler(exc, context):
    if isinstance(exc, domain.DomainError):
        status_code = _DOMAIN_STATUS.get(type(exc), status.HTTP_400_BAD_REQUEST)
        fields = {exc.field: [str(exc.message)]} if getattr(exc, "field", None) else None
        return Response(error_body(exc.code, exc.message, fields), status=status_code)

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unhandled: Django's handler500 answers in the same shape

    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        response.data = error_body("validation_error", _validation_message(fields), fields)
        return response

    detail = getattr(exc, "detail", None)
    code = getattr(detail, "code", None) or _CODE_BY_STATUS.get(response.status_code, "error")
    if isinstance(exc, exceptions.NotAuthenticated):
        code = "not_authenticated"
    elif isinstance(exc, exceptions.AuthenticationFailed):
        code = "authentication_failed"
    elif isinstance(exc, exceptions.Throttled):
        code = "throttled"
    message = detail if isinstance(detail, str) else exc.default_detail
    response.data = error_body(str(code), message)
    return response


def _json_or_default(request, status_code: int, code: str, message: str, default):
    if request.path.startswith("/api/") or request.path in ("/healthz", "/readyz", "/metrics"):
        return error_response(status_code, code, message)
    return default


def handler400(request, exception=None):
    from django.views.defaults import bad_request

    return _json_or_default(request, 400, "bad_request", _("Bad request."), bad_request(request, exception))


def handler403(request, exception=None):
    from django.views.defaults import permission_denied

    return _json_or_default(
        request,
        403,
        "permission_denied",
        _("You do not have permission to perform this action."),
        permission_denied(request, exception),
    )


def handler404(request, exception=None):
    from django.views.defaults import page_not_found

    return _json_or_default(request, 404, "not_found", _("Not found."), page_not_found(request, exception))


def handler500(request):
    from django.views.defaults import server_error

    return _json_or_default(request, 500, "server_error", _("Something went wrong on our side."), server_error(request))
