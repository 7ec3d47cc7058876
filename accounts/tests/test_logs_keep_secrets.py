"""Passwords, tokens, codes, Authorization headers and email addresses never reach the logs."""

import io
import logging
import re

import pytest

from accounts.tests.helpers import last_code_sent_to
from honeydue.logging import JsonFormatter, RedactingFilter, RequestContextFilter

pytestmark = pytest.mark.django_db

EMAIL = "Secret.Person@Example.com"
PASSWORD = "first-secret-passphrase-9"
NEW_PASSWORD = "second-secret-passphrase-7"
RESET_PASSWORD = "third-secret-passphrase-5"


@pytest.fixture
def captured_logs():
    """The production handler setup (JSON formatter, context and redaction filters) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


def test_the_whole_account_journey_leaves_no_secret_in_the_logs(api_client, captured_logs):
    secrets: list[str] = [PASSWORD, NEW_PASSWORD, RESET_PASSWORD, EMAIL, EMAIL.lower()]

    response = api_client.post("/api/auth/register/", {"email": EMAIL, "password": PASSWORD}, format="json")
    assert response.status_code == 201
    token = response.json()["token"]
    secrets.append(token)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}

    code = last_code_sent_to(EMAIL.lower())
    secrets.append(code)
    assert api_client.post("/api/auth/verify-email/", {"code": code}, format="json", **auth).status_code == 200

    response = api_client.post("/api/auth/login/", {"email": EMAIL, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    secrets.append(token)
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert api_client.get("/api/auth/me/", **auth).status_code == 200

    # a failed sign-in and a bad token are logged too
    api_client.post("/api/auth/login/", {"email": EMAIL, "password": "wrong-" + PASSWORD}, format="json")
    assert api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Token {token[::-1]}").status_code == 401

    response = api_client.post(
        "/api/auth/change-password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
        **auth,
    )
    assert response.status_code == 200

    assert api_client.post("/api/auth/forgot-password/", {"email": EMAIL}, format="json").status_code == 202
    code = last_code_sent_to(EMAIL.lower())
    secrets.append(code)
    response = api_client.post(
        "/api/auth/reset-password/", {"email": EMAIL, "code": code, "new_password": RESET_PASSWORD}, format="json"
    )
    assert response.status_code == 200

    response = api_client.post("/api/auth/login/", {"email": EMAIL, "password": RESET_PASSWORD}, format="json")
    token = response.json()["token"]
    secrets.append(token)
    assert api_client.post("/api/auth/logout/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 204

    logs = captured_logs.getvalue()
    # the capture works: every request and the account events are there
    for route in (
        "auth/register/",
        "auth/verify-email/",
        "auth/login/",
        "auth/me/",
        "auth/change-password/",
        "auth/forgot-password/",
        "auth/reset-password/",
        "auth/logout/",
    ):
        assert route in logs
    assert "password reset code sent" in logs
    for secret in secrets:
        # codes are bounded so a run of digits inside a request id or timestamp does not count
        pattern = (
            rf"(?<![0-9a-f]){re.escape(secret.lower())}(?![0-9a-f])" if secret.isdigit() else re.escape(secret.lower())
        )
        assert not re.search(pattern, logs.lower()), f"leaked: {secret[:3]}..."
    assert "Token " not in logs
