import pytest
from django.test import TestCase
from rest_framework.test import APIClient


class CommittingAPIClient(APIClient):
    """Runs the on-commit callbacks (emails, jobs) of each request as it ends, as a real commit would:
    pytest-django wraps each test in a transaction that never commits."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


@pytest.fixture
def api_client() -> APIClient:
    return CommittingAPIClient()


def committing_client_for(user) -> APIClient:
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    client = CommittingAPIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.token = token
    return client


@pytest.fixture
def make_client():
    return committing_client_for
