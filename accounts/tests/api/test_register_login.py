import pytest
from django.core import mail
from knox.models import AuthToken

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from accounts.tests.helpers import error_of, last_code_sent_to

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
LOGIN = "/api/auth/login/"
USER_FIELDS = {
    "id",
    "email",
    "first_name",
    "last_name",
    "timezone",
    "locale",
    "email_verified",
    "date_joined",
    "subscription",
}


def _register(api_client, headers=None, **overrides):
    body = {"email": "Ada@Example.com", "password": PASSWORD, "first_name": "Ada", "last_name": "Lovelace"}
    body.update(overrides)
    return api_client.post(REGISTER, body, format="json", **(headers or {}))


def test_register_creates_the_account_signs_in_and_emails_a_code(api_client):
    response = _register(api_client, timezone="Europe/Paris", locale="fr")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) >= {"token", "user"}
    assert set(body["user"]) == USER_FIELDS
    assert body["user"]["email"] == "ada@example.com"
    assert body["user"]["timezone"] == "Europe/Paris"
    assert body["user"]["locale"] == "fr"
    assert body["user"]["email_verified"] is False
    assert body["user"]["subscription"]["tier"] == "free"
    assert body["user"]["subscription"]["limits"]["max_owned_residences"] == 1
    user = User.objects.get(email="ada@example.com")
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert last_code_sent_to("ada@example.com").isdigit()
    me = api_client.get("/api/auth/me/", HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.status_code == 200


def test_register_defaults_timezone_to_utc_and_locale_to_accept_language(api_client):
    response = _register(api_client, headers={"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"})
    assert response.status_code == 201
    assert response.json()["user"]["timezone"] == "UTC"
    assert User.objects.get().locale == "de"


def test_the_same_email_in_another_case_cannot_register_twice(api_client):
    UserFactory(email="ada@example.com")
    response = _register(api_client, email="ADA@example.COM")
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert "email" in error["fields"]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": "ada@example.com"}, "password"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"locale": "xx"}, "locale"),
    ],
)
def test_register_rejects_bad_input_in_the_error_shape(api_client, overrides, field):
    response = _register(api_client, **overrides)
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_register_ignores_a_stale_token_header(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token expired-or-garbage")
    assert _register(api_client).status_code == 201


def test_login_returns_a_new_token_per_device(api_client):
    user = UserFactory(email="ada@example.com")
    first = api_client.post(LOGIN, {"email": "ada@example.com", "password": PASSWORD}, format="json")
    second = api_client.post(LOGIN, {"email": "ada@example.com", "password": PASSWORD}, format="json")
    assert first.status_code == second.status_code == 200
    body = first.json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["expires_at"].endswith("Z")
    assert set(body["user"]) == USER_FIELDS
    assert body["token"] != second.json()["token"]
    assert AuthToken.objects.filter(user=user).count() == 2
    user.refresh_from_db()
    assert user.last_login is not None


def test_login_email_is_case_insensitive(api_client):
    UserFactory(email="ada@example.com")
    response = api_client.post(LOGIN, {"email": "  ADA@Example.com ", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_wrong_password_and_unknown_email_give_the_same_generic_400(api_client):
    UserFactory(email="ada@example.com")
    wrong_password = api_client.post(LOGIN, {"email": "ada@example.com", "password": "nope-nope"}, format="json")
    unknown_email = api_client.post(LOGIN, {"email": "bob@example.com", "password": PASSWORD}, format="json")
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert wrong_password.json() == unknown_email.json()
    assert error_of(wrong_password)["code"] == "invalid_credentials"
    assert "fields" not in wrong_password.json()["error"]
    assert AuthToken.objects.count() == 0


def test_an_inactive_account_cannot_sign_in(api_client):
    UserFactory(email="ada@example.com", is_active=False)
    response = api_client.post(LOGIN, {"email": "ada@example.com", "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_login_requires_both_fields(api_client):
    response = api_client.post(LOGIN, {}, format="json")
    assert response.status_code == 400
    assert set(error_of(response)["fields"]) == {"email", "password"}


def test_validation_messages_follow_accept_language(api_client):
    UserFactory(email="ada@example.com")
    response = api_client.post(
        LOGIN, {"email": "ada@example.com", "password": "wrong-one"}, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "No se puede iniciar sesión con esa dirección de correo electrónico y contraseña."
    )
    response = _register(api_client, headers={"HTTP_ACCEPT_LANGUAGE": "es"}, timezone="Mars/Olympus")
    assert response.json()["error"]["fields"]["timezone"] == [
        "Zona horaria desconocida: usa un nombre IANA como Europe/Paris."
    ]
