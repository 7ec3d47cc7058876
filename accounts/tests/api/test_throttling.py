"""Throttles live in Redis (shared by every API node), keyed by IP, by account email or by user."""

import pytest
from django.core.cache import cache, caches
from django_redis import get_redis_connection

from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.helpers import error_of

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login/"


def _login(client, email="ada@example.com", password="wrong-password", **extra):
    return client.post(LOGIN, {"email": email, "password": password}, format="json", **extra)


def _assert_throttled(response):
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_login_is_throttled_per_account_across_ips(api_client):
    UserFactory(email="ada@example.com")
    for n in range(10):
        assert _login(api_client, REMOTE_ADDR=f"10.0.0.{n}").status_code == 400
    _assert_throttled(_login(api_client, password=PASSWORD, REMOTE_ADDR="10.0.1.1"))
    # the address is normalised before counting, so changing its case does not help
    _assert_throttled(_login(api_client, email="ADA@Example.com", REMOTE_ADDR="10.0.1.2"))
    assert _login(api_client, email="bob@example.com", REMOTE_ADDR="10.0.1.3").status_code == 400


def test_login_is_throttled_per_ip_across_accounts(api_client):
    for n in range(30):
        assert _login(api_client, email=f"user{n}@example.com").status_code == 400
    _assert_throttled(_login(api_client, email="someone-new@example.com"))
    assert _login(api_client, email="someone-new@example.com", REMOTE_ADDR="10.9.9.9").status_code == 400


def test_register_is_throttled_per_ip(api_client):
    for n in range(20):
        api_client.post("/api/auth/register/", {"email": f"new{n}@example.com", "password": "x"}, format="json")
    response = api_client.post(
        "/api/auth/register/", {"email": "late@example.com", "password": PASSWORD}, format="json"
    )
    _assert_throttled(response)


def test_forgot_password_is_throttled_per_email_and_per_ip(api_client):
    for _ in range(5):
        assert (
            api_client.post("/api/auth/forgot-password/", {"email": "ada@example.com"}, format="json").status_code
            == 202
        )
    _assert_throttled(
        api_client.post(
            "/api/auth/forgot-password/", {"email": "ada@example.com"}, format="json", REMOTE_ADDR="10.2.2.2"
        )
    )
    cache.clear()
    for n in range(20):
        api_client.post("/api/auth/forgot-password/", {"email": f"u{n}@example.com"}, format="json")
    _assert_throttled(api_client.post("/api/auth/forgot-password/", {"email": "fresh@example.com"}, format="json"))


def test_reset_password_shares_the_password_reset_throttles(api_client):
    body = {"email": "ada@example.com", "code": "123456", "new_password": "a-long-new-passphrase"}
    for _ in range(5):
        assert api_client.post("/api/auth/reset-password/", body, format="json").status_code == 400
    _assert_throttled(api_client.post("/api/auth/reset-password/", body, format="json", REMOTE_ADDR="10.3.3.3"))


def test_verify_email_is_throttled_per_user(make_client):
    user = UserFactory(email_verified=False)
    client = make_client(user)
    for _ in range(10):
        assert client.post("/api/auth/verify-email/", {"code": "000000"}, format="json").status_code == 400
    _assert_throttled(client.post("/api/auth/verify-email/", {"code": "000000"}, format="json"))
    _assert_throttled(client.post("/api/auth/verify-email/resend/"))
    other = make_client(UserFactory(email_verified=False))
    assert other.post("/api/auth/verify-email/", {"code": "000000"}, format="json").status_code == 400


def test_throttle_state_is_in_redis_and_shared_between_cache_clients(api_client):
    _login(api_client)
    key = "throttle_login_ip_127.0.0.1"
    assert get_redis_connection("default").exists(cache.make_key(key))

    # A second, independent client of the same Redis (another API node) sees the same history ...
    other_node = caches.create_connection("default")
    assert other_node is not cache
    assert len(other_node.get(key)) == 1

    # ... and what that node records counts here too.
    history = other_node.get(key)
    other_node.set(key, history * 30, 3600)
    _assert_throttled(_login(api_client))
