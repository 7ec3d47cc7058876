"""Every failure the API produces comes back in the one documented shape."""

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("honeydue.tests.error_urls")]


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert response["X-Request-ID"]
    return body["error"]


def test_validation_error_lists_fields(api_client):
    error = assert_error(
        api_client.post("/api/validate/", {"nested": {"a": "x"}}, format="json"), 400, "validation_error"
    )
    assert error["message"] == "Invalid input."
    assert error["fields"]["name"] == ["This field is required."]
    assert error["fields"]["nested.a"] == ["A valid integer is required."]


def test_malformed_json_is_a_400(api_client):
    error = assert_error(
        api_client.post("/api/validate/", "{not json", content_type="application/json"), 400, "parse_error"
    )
    assert "fields" not in error


def test_missing_token_is_401_with_challenge(api_client):
    response = api_client.get("/api/private/")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(api_client.get("/api/private/"), 401, "authentication_failed")


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("forbidden", 403, "permission_denied"),
        ("upgrade", 403, "upgrade_required"),
        ("transition", 409, "invalid_transition"),
        ("conflict", 409, "conflict"),
    ],
)
def test_domain_errors_map_to_their_status(api_client, kind, status, code):
    assert_error(api_client.get(f"/api/domain/{kind}/"), status, code)


def test_unknown_route_is_404(api_client):
    assert_error(api_client.get("/api/nothing-here/"), 404, "not_found")


def test_wrong_method_is_405(api_client):
    assert_error(api_client.delete("/api/validate/"), 405, "method_not_allowed")


def test_declared_oversized_body_is_413(api_client):
    response = api_client.generic(
        "POST", "/api/validate/", "{}", content_type="application/json", CONTENT_LENGTH="9999999999"
    )
    assert_error(response, 413, "request_too_large")


def test_wrong_content_type_is_415(api_client):
    assert_error(api_client.post("/api/json-only/", "a=b", content_type="text/plain"), 415, "unsupported_media_type")


def test_throttled_is_429_with_retry_after(api_client):
    assert api_client.get("/api/throttled/").status_code == 200
    response = api_client.get("/api/throttled/")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_unhandled_exception_is_500_without_details():
    client = APIClient(raise_request_exception=False)
    error = assert_error(client.get("/api/crash/"), 500, "server_error")
    assert "boom" not in error["message"]
