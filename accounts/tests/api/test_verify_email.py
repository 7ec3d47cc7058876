from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import OneTimeCode
from accounts.tests.factories import UserFactory
from accounts.tests.helpers import error_of, last_code_sent_to

pytestmark = pytest.mark.django_db

VERIFY = "/api/auth/verify-email/"
RESEND = "/api/auth/verify-email/resend/"


@pytest.fixture
def unverified():
    return UserFactory(email="ada@example.com", email_verified=False)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize("path", [VERIFY, RESEND])
def test_anonymous_gets_401(api_client, path):
    response = api_client.post(path, {"code": "123456"}, format="json")
    assert response.status_code == 401


def test_resend_emails_a_code_that_verifies_the_address(make_client, unverified):
    client = make_client(unverified)
    response = client.post(RESEND)
    assert response.status_code == 202
    code = last_code_sent_to("ada@example.com")
    response = client.post(VERIFY, {"code": code}, format="json")
    assert response.status_code == 200
    assert response.json()["email_verified"] is True
    unverified.refresh_from_db()
    assert unverified.email_verified is True
    assert not OneTimeCode.objects.filter(user=unverified).exists()


def test_resend_replaces_the_previous_code(make_client, unverified):
    client = make_client(unverified)
    client.post(RESEND)
    first = last_code_sent_to("ada@example.com")
    client.post(RESEND)
    second = last_code_sent_to("ada@example.com")
    if first != second:
        assert client.post(VERIFY, {"code": first}, format="json").status_code == 400
    assert client.post(VERIFY, {"code": second}, format="json").status_code == 200


def test_resend_for_a_verified_address_sends_nothing(make_client):
    client = make_client(UserFactory(email_verified=True))
    assert client.post(RESEND).status_code == 202
    assert mail.outbox == []


def test_a_wrong_code_is_400_and_counts_a_try(make_client, unverified):
    client = make_client(unverified)
    client.post(RESEND)
    code = last_code_sent_to("ada@example.com")
    response = client.post(VERIFY, {"code": _wrong(code)}, format="json")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_code"
    assert "code" in error_of(response)["fields"]
    assert OneTimeCode.objects.get(user=unverified).attempts == 1


def test_after_five_wrong_tries_even_the_right_code_fails(make_client, unverified):
    client = make_client(unverified)
    client.post(RESEND)
    code = last_code_sent_to("ada@example.com")
    for _ in range(5):
        assert client.post(VERIFY, {"code": _wrong(code)}, format="json").status_code == 400
    response = client.post(VERIFY, {"code": code}, format="json")
    assert response.status_code == 400
    assert "Too many" in error_of(response)["fields"]["code"][0]
    unverified.refresh_from_db()
    assert unverified.email_verified is False


def test_an_expired_code_fails(make_client, unverified):
    client = make_client(unverified)
    client.post(RESEND)
    code = last_code_sent_to("ada@example.com")
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(VERIFY, {"code": code}, format="json")
    assert response.status_code == 400
    assert "expired" in error_of(response)["fields"]["code"][0]


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_malformed_code_is_400_without_using_a_try(make_client, unverified, code):
    client = make_client(unverified)
    client.post(RESEND)
    response = client.post(VERIFY, {"code": code}, format="json")
    assert response.status_code == 400
    assert "code" in error_of(response)["fields"]
    assert OneTimeCode.objects.get(user=unverified).attempts == 0


def test_verifying_an_already_verified_address_is_200(make_client):
    client = make_client(UserFactory(email_verified=True))
    response = client.post(VERIFY, {"code": "000000"}, format="json")
    assert response.status_code == 200
    assert response.json()["email_verified"] is True


def test_the_email_is_in_the_users_language(make_client):
    user = UserFactory(email="ana@example.com", email_verified=False, locale="es", first_name="Ana")
    make_client(user).post(RESEND)
    message = mail.outbox[-1]
    assert message.subject == "Tu código de verificación de honeyDue"
    assert "Hola Ana," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Hola Ana," in html
    assert last_code_sent_to("ana@example.com") in html


@pytest.mark.parametrize(
    ("locale", "subject", "greeting"),
    [
        ("en", "Your honeyDue verification code", "Hello Ana,"),
        ("es", "Tu código de verificación de honeyDue", "Hola Ana,"),
        ("fr", "Votre code de vérification honeyDue", "Bonjour Ana,"),
        ("de", "Dein honeyDue-Bestätigungscode", "Hallo Ana,"),
        ("pt", "Seu código de verificação do honeyDue", "Olá Ana,"),
    ],
)
def test_every_supported_locale_has_the_verification_email(make_client, locale, subject, greeting):
    user = UserFactory(email="ana@example.com", email_verified=False, locale=locale, first_name="Ana")
    make_client(user).post(RESEND, HTTP_ACCEPT_LANGUAGE="en")
    message = mail.outbox[-1]
    assert message.subject == subject
    assert message.body.startswith(greeting)
    assert "15" in message.body
    if locale != "en":
        assert "Use this code" not in message.body
