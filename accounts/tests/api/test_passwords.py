from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import OneTimeCode
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.helpers import error_of, last_code_sent_to

pytestmark = pytest.mark.django_db

FORGOT = "/api/auth/forgot-password/"
RESET = "/api/auth/reset-password/"
CHANGE = "/api/auth/change-password/"
ME = "/api/auth/me/"
NEW_PASSWORD = "a-brand-new-long-passphrase"


@pytest.fixture
def user():
    return UserFactory(email="ada@example.com")


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_forgot_password_is_202_and_emails_a_code(api_client, user):
    response = api_client.post(FORGOT, {"email": "ADA@example.com"}, format="json")
    assert response.status_code == 202
    assert mail.outbox[-1].to == ["ada@example.com"]
    assert last_code_sent_to("ada@example.com")


def test_forgot_password_answers_the_same_for_an_unknown_email(api_client, user):
    known = api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    unknown = api_client.post(FORGOT, {"email": "nobody@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_forgot_password_rejects_a_malformed_email(api_client):
    response = api_client.post(FORGOT, {"email": "nope"}, format="json")
    assert response.status_code == 400
    assert "email" in error_of(response)["fields"]


def test_reset_password_sets_the_password_and_revokes_every_token(api_client, make_client, user):
    phone, tablet = make_client(user), make_client(user)
    api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    code = last_code_sent_to("ada@example.com")
    response = api_client.post(
        RESET, {"email": "ada@example.com", "code": code, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=user).exists()
    assert phone.get(ME).status_code == 401
    assert tablet.get(ME).status_code == 401
    login = api_client.post("/api/auth/login/", {"email": "ada@example.com", "password": NEW_PASSWORD}, format="json")
    assert login.status_code == 200
    again = api_client.post(RESET, {"email": "ada@example.com", "code": code, "new_password": PASSWORD}, format="json")
    assert again.status_code == 400


def test_reset_with_a_wrong_code_or_unknown_email_gives_the_same_answer(api_client, user):
    api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    code = last_code_sent_to("ada@example.com")
    wrong_code = api_client.post(
        RESET, {"email": "ada@example.com", "code": _wrong(code), "new_password": NEW_PASSWORD}, format="json"
    )
    unknown = api_client.post(
        RESET, {"email": "bob@example.com", "code": code, "new_password": NEW_PASSWORD}, format="json"
    )
    assert wrong_code.status_code == unknown.status_code == 400
    assert wrong_code.json() == unknown.json()
    assert error_of(wrong_code)["code"] == "invalid_code"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert OneTimeCode.objects.get(user=user).attempts == 1


def test_reset_code_dies_after_five_tries(api_client, user):
    api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    code = last_code_sent_to("ada@example.com")
    body = {"email": "ada@example.com", "new_password": NEW_PASSWORD}
    for _ in range(5):
        cache.clear()  # the per-email throttle (5/hour) would answer 429 before the code is judged
        assert api_client.post(RESET, {**body, "code": _wrong(code)}, format="json").status_code == 400
    cache.clear()
    response = api_client.post(RESET, {**body, "code": code}, format="json")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_code_expires(api_client, user):
    api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    code = last_code_sent_to("ada@example.com")
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api_client.post(
        RESET, {"email": "ada@example.com", "code": code, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_reset_rejects_a_weak_password_and_keeps_the_code(api_client, user):
    api_client.post(FORGOT, {"email": "ada@example.com"}, format="json")
    code = last_code_sent_to("ada@example.com")
    response = api_client.post(
        RESET, {"email": "ada@example.com", "code": code, "new_password": "12345678"}, format="json"
    )
    assert response.status_code == 400
    assert "new_password" in error_of(response)["fields"]
    assert OneTimeCode.objects.get(user=user).attempts == 0


def test_change_password_needs_a_token(api_client):
    response = api_client.post(CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 401


def test_change_password_keeps_this_device_and_signs_out_the_others(make_client, user):
    phone, tablet = make_client(user), make_client(user)
    response = phone.post(CHANGE, {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200
    assert response.json()["revoked_tokens"] == 1
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert phone.get(ME).status_code == 200
    assert tablet.get(ME).status_code == 401


def test_change_password_with_a_wrong_current_password_is_400(make_client, user):
    response = make_client(user).post(CHANGE, {"current_password": "nope", "new_password": NEW_PASSWORD}, format="json")
    assert response.status_code == 400
    assert "current_password" in error_of(response)["fields"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_password_validates_the_new_one(make_client, user):
    response = make_client(user).post(CHANGE, {"current_password": PASSWORD, "new_password": "short"}, format="json")
    assert response.status_code == 400
    assert "new_password" in error_of(response)["fields"]


def test_the_reset_email_is_in_the_users_language(api_client):
    UserFactory(email="jo@example.com", locale="de", first_name="Jo")
    api_client.post(FORGOT, {"email": "jo@example.com"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    message = mail.outbox[-1]
    assert message.subject == "Setze dein honeyDue-Passwort zurück"
    assert "Der Code läuft in 15 Minuten ab." in message.body
    assert "Der Code läuft in 15 Minuten ab." in message.alternatives[0][0]


@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
def test_forgot_password_request_does_the_same_work_for_known_and_unknown_emails(
    user, email, django_assert_num_queries
):
    """The request only validates and enqueues: no database query that could take longer for a real account."""
    from django.test import TestCase
    from rest_framework.test import APIClient

    with django_assert_num_queries(0), TestCase.captureOnCommitCallbacks() as callbacks:
        response = APIClient().post(FORGOT, {"email": email}, format="json")
    assert response.status_code == 202
    assert len(callbacks) == 1
    assert mail.outbox == []
