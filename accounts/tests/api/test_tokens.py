from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from accounts.tests.helpers import error_of

pytestmark = pytest.mark.django_db

ME = "/api/auth/me/"


@pytest.mark.parametrize("path", ["/api/auth/logout/", "/api/auth/logout-all/"])
def test_anonymous_gets_401(api_client, path):
    response = api_client.post(path)
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_a_garbage_token_is_401_in_the_error_shape(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(ME)
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_tokens_are_stored_hashed(make_client):
    client = make_client(UserFactory())
    stored = AuthToken.objects.get()
    assert client.token not in stored.digest
    assert client.token.startswith(stored.token_key)


def test_an_expired_token_is_401(make_client):
    client = make_client(UserFactory())
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = client.get(ME)
    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_using_a_token_slides_its_expiry_forward(make_client):
    client = make_client(UserFactory())
    AuthToken.objects.update(expiry=timezone.now() + timedelta(days=1))
    assert client.get(ME).status_code == 200
    assert AuthToken.objects.get().expiry > timezone.now() + timedelta(days=29)


def test_logout_revokes_only_the_token_used(make_client):
    user = UserFactory()
    phone, tablet = make_client(user), make_client(user)
    response = phone.post("/api/auth/logout/")
    assert response.status_code == 204
    assert phone.get(ME).status_code == 401
    assert tablet.get(ME).status_code == 200


def test_logout_all_revokes_every_token_of_the_user_only(make_client):
    user, other = UserFactory(), UserFactory()
    phone, tablet, stranger = make_client(user), make_client(user), make_client(other)
    response = phone.post("/api/auth/logout-all/")
    assert response.status_code == 204
    assert phone.get(ME).status_code == 401
    assert tablet.get(ME).status_code == 401
    assert stranger.get(ME).status_code == 200


def test_a_token_header_with_spaces_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token a b")
    assert client.get(ME).status_code == 401
