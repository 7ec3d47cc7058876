import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(api_client):
    response = api_client.get("/healthz")
    assert response.status_code == 200
    assert len(response["X-Request-ID"]) == 32


def test_a_sane_client_request_id_is_echoed(api_client):
    response = api_client.get("/healthz", HTTP_X_REQUEST_ID="mobile-1234abcd")
    assert response["X-Request-ID"] == "mobile-1234abcd"


def test_an_insane_client_request_id_is_replaced(api_client):
    response = api_client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_unknown_api_path_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    assert response["X-Request-ID"]


def test_declared_oversized_body_is_413_before_reading(api_client):
    response = api_client.generic(
        "POST", "/api/auth/login/", "x", content_type="application/json", CONTENT_LENGTH=str(50 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_readyz_reports_each_dependency(api_client):
    response = api_client.get("/readyz")
    body = response.json()
    assert set(body["checks"]) == {"database", "migrations", "cache", "broker"}
    assert response.status_code == 200, body


def test_access_log_line_is_json_with_request_context(api_client, caplog):
    from honeydue.logging import JsonFormatter, RedactingFilter, RequestContextFilter

    with caplog.at_level(logging.INFO, logger="honeydue.access"):
        api_client.get("/healthz", HTTP_X_REQUEST_ID="trace-abcdef12")
    record = next(r for r in caplog.records if r.name == "honeydue.access")
    RequestContextFilter().filter(record)
    RedactingFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["route"] == "healthz"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["request_id"] == "trace-abcdef12"
    assert isinstance(line["duration_ms"], float)
