"""Fixtures every app's tests share."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from rest_framework.test import APIClient


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Still Argon2, with cheap parameters so the suite runs quickly."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["conftest.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_state(settings, tmp_path):
    """Fresh cache (throttles, static data) and a private media folder per test."""
    cache.clear()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _static_data_present(request):
    """Lookups come from a data migration, and a transactional test's flush wipes them for
    whatever runs next on the same database (and for --reuse-db runs): put them back."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        return
    from django.apps import apps

    from residences.models import ResidenceType
    from residences.static_data import seed

    if not ResidenceType.objects.exists():
        seed(lambda name: apps.get_model("residences", name))


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:
    """An API client signed in as `user` with a real per-device token."""
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.token = token
    return client


@pytest.fixture
def make_client():
    return client_for
