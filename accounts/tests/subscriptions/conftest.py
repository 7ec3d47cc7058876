import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from accounts.subscriptions import apple
from accounts.subscriptions.google import FakePlayClient
from accounts.tests.subscriptions.apple_pki import BUNDLE_ID, PRODUCT_ID, make_chain


@pytest.fixture(scope="session")
def apple_chain():
    return make_chain()


@pytest.fixture(autouse=True)
def store_settings(settings, tmp_path, apple_chain):
    """Our private root as Apple's, sandbox environment, the fake Play API."""
    root = tmp_path / "test-root.cer"
    root.write_bytes(apple_chain.root_der)
    settings.APPLE_ROOT_CERTIFICATES = [str(root)]
    settings.APPLE_BUNDLE_ID = BUNDLE_ID
    settings.APPLE_ENVIRONMENT = "Sandbox"
    settings.APPLE_APP_APPLE_ID = None
    settings.APPLE_PRO_PRODUCT_IDS = [PRODUCT_ID]
    settings.GOOGLE_PACKAGE_NAME = "com.example.honeydue"
    settings.GOOGLE_PRO_PRODUCT_IDS = ["honeydue_pro"]
    settings.GOOGLE_PUBSUB_AUDIENCE = ""
    settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT = ""
    settings.GOOGLE_WEBHOOK_SHARED_SECRET = "test-push-secret"
    settings.GOOGLE_PLAY_CLIENT = "fake"
    apple._verifier_for.cache_clear()
    FakePlayClient.reset()
    yield
    apple._verifier_for.cache_clear()
    FakePlayClient.reset()


class CommittingAPIClient(APIClient):
    """Runs on-commit callbacks after each request, as a real request's commit would.

    (Tests run inside a transaction that never commits.)"""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


@pytest.fixture
def api_client():
    return CommittingAPIClient()


@pytest.fixture
def make_client():
    from knox.models import AuthToken

    def client_for(user):
        _, token = AuthToken.objects.create(user)
        client = CommittingAPIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return client_for


@pytest.fixture
def committed():
    """`with committed(): service_call()` runs its on-commit callbacks."""
    return lambda: TestCase.captureOnCommitCallbacks(execute=True)
