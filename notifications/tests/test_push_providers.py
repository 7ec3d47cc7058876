"""APNs and FCM providers against fake Apple and Google endpoints (httpx.MockTransport: we cannot reach theirs)."""

import json

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from google.oauth2 import service_account

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Delivery, Notification
from notifications.push import NativePushProvider
from notifications.push.apns import ApnsPushProvider
from notifications.push.base import PushError, PushMessage
from notifications.push.fcm import SCOPE, FcmPushProvider
from notifications.tests.factories import DeviceFactory

MESSAGE = PushMessage(
    title="2 overdue tasks",
    body="Still waiting: Gutters",
    data={"notification_id": 5},
    collapse_id="overdue_reminder:2026-06-15",
)
TOKEN = "ab" * 32


def pem(private_key) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class FakeApns:
    """Apple's /3/device endpoint: checks the provider JWT and answers with a scripted status and reason."""

    def __init__(self, public_key):
        self.public_key = public_key
        self.requests: list[httpx.Request] = []
        self.replies = [(200, None)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        claims = jwt.decode(
            request.headers["authorization"].removeprefix("bearer "), self.public_key, algorithms=["ES256"]
        )
        assert claims["iss"] == "TEAM123456"
        status, reason = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return httpx.Response(status, json={"reason": reason} if reason else None)


@pytest.fixture
def apns():
    key = ec.generate_private_key(ec.SECP256R1())
    fake = FakeApns(key.public_key())
    clock = [1_000_000.0]
    provider = ApnsPushProvider(
        key_id="KEY1234567",
        team_id="TEAM123456",
        private_key=pem(key),
        topic="com.example.honeydue",
        use_sandbox=True,
        client=httpx.Client(transport=httpx.MockTransport(fake)),
        clock=lambda: clock[0],
    )
    return provider, fake, clock


def test_apns_request_has_token_auth_topic_collapse_id_and_alert(apns):
    provider, fake, _ = apns
    assert provider.send(platform="ios", token=TOKEN, message=MESSAGE).ok
    request = fake.requests[0]
    assert str(request.url) == f"https://api.sandbox.push.apple.com/3/device/{TOKEN}"
    assert request.headers["apns-topic"] == "com.example.honeydue"
    assert request.headers["apns-push-type"] == "alert"
    assert request.headers["apns-collapse-id"] == "overdue_reminder:2026-06-15"
    assert jwt.get_unverified_header(request.headers["authorization"].split()[1])["kid"] == "KEY1234567"
    assert json.loads(request.content) == {
        "aps": {"alert": {"title": "2 overdue tasks", "body": "Still waiting: Gutters"}, "sound": "default"},
        "notification_id": 5,
    }


def test_apns_production_host_when_not_sandbox():
    key = ec.generate_private_key(ec.SECP256R1())
    provider = ApnsPushProvider(key_id="K", team_id="T", private_key=pem(key), topic="t")
    assert str(provider.build_request(TOKEN, MESSAGE).url).startswith("https://api.push.apple.com/3/device/")


def test_apns_provider_token_is_reused_for_50_minutes_then_renewed(apns):
    provider, fake, clock = apns
    provider.send(platform="ios", token=TOKEN, message=MESSAGE)
    clock[0] += 49 * 60
    provider.send(platform="ios", token=TOKEN, message=MESSAGE)
    clock[0] += 2 * 60
    provider.send(platform="ios", token=TOKEN, message=MESSAGE)
    auth = [r.headers["authorization"] for r in fake.requests]
    assert auth[0] == auth[1] != auth[2]


@pytest.mark.parametrize(
    ("status", "reason"), [(410, "Unregistered"), (400, "BadDeviceToken"), (400, "DeviceTokenNotForTopic")]
)
def test_apns_dead_token_answers_are_reported_dead(apns, status, reason):
    provider, fake, _ = apns
    fake.replies = [(status, reason)]
    result = provider.send(platform="ios", token=TOKEN, message=MESSAGE)
    assert (result.ok, result.token_dead, result.reason) == (False, True, reason)


@pytest.mark.parametrize(
    ("status", "reason"),
    [(500, "InternalServerError"), (503, "ServiceUnavailable"), (429, "TooManyRequests"), (400, "PayloadTooLarge")],
)
def test_apns_other_failures_are_transient_errors(apns, status, reason):
    provider, fake, _ = apns
    fake.replies = [(status, reason)]
    with pytest.raises(PushError, match=reason):
        provider.send(platform="ios", token=TOKEN, message=MESSAGE)


def test_apns_expired_provider_token_is_signed_again_on_the_next_try(apns):
    provider, fake, _ = apns
    fake.replies = [(403, "ExpiredProviderToken"), (200, None)]
    with pytest.raises(PushError):
        provider.send(platform="ios", token=TOKEN, message=MESSAGE)
    assert provider.send(platform="ios", token=TOKEN, message=MESSAGE).ok
    assert fake.requests[0].headers["authorization"] != fake.requests[1].headers["authorization"]


def test_apns_unreachable_is_a_transient_error():
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    key = ec.generate_private_key(ec.SECP256R1())
    provider = ApnsPushProvider(
        key_id="K",
        team_id="T",
        private_key=pem(key),
        topic="t",
        client=httpx.Client(transport=httpx.MockTransport(refuse)),
    )
    with pytest.raises(PushError, match="unreachable"):
        provider.send(platform="ios", token=TOKEN, message=MESSAGE)


class FakeGoogle:
    """Google's OAuth2 token endpoint (checks the signed service-account grant) and FCM v1 messages:send."""

    TOKEN_URI = "https://oauth2.googleapis.com/token"

    def __init__(self, public_key):
        self.public_key = public_key
        self.token_requests = 0
        self.sends: list[httpx.Request] = []
        self.replies = [(200, {"name": "projects/demo/messages/1"})]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == self.TOKEN_URI:
            form = dict(httpx.QueryParams(request.content.decode()))
            claims = jwt.decode(form["assertion"], self.public_key, algorithms=["RS256"], audience=self.TOKEN_URI)
            assert claims["scope"] == SCOPE
            self.token_requests += 1
            return httpx.Response(
                200,
                json={"access_token": f"ya29.token{self.token_requests}", "expires_in": 3600, "token_type": "Bearer"},
            )
        self.sends.append(request)
        assert request.headers["authorization"] == f"Bearer ya29.token{self.token_requests}"
        status, body = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return httpx.Response(status, json=body)


@pytest.fixture
def fcm():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake = FakeGoogle(key.public_key())
    credentials = service_account.Credentials.from_service_account_info(
        {
            "type": "service_account",
            "project_id": "demo",
            "private_key_id": "k1",
            "private_key": pem(key),
            "client_email": "push@demo.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": FakeGoogle.TOKEN_URI,
        },
        scopes=[SCOPE],
    )
    provider = FcmPushProvider(
        project_id="demo", credentials=credentials, client=httpx.Client(transport=httpx.MockTransport(fake))
    )
    return provider, fake


def fcm_error(status: int, code: str, error_code: str | None = None) -> tuple[int, dict]:
    details = [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": error_code}]
    return status, {"error": {"code": status, "status": code, "details": details if error_code else []}}


def test_fcm_sends_v1_message_with_a_service_account_access_token(fcm):
    provider, fake = fcm
    assert provider.send(platform="android", token=TOKEN, message=MESSAGE).ok
    assert provider.send(platform="android", token=TOKEN, message=MESSAGE).ok
    assert fake.token_requests == 1  # the access token is cached until it expires
    request = fake.sends[0]
    assert str(request.url) == "https://fcm.googleapis.com/v1/projects/demo/messages:send"
    assert json.loads(request.content) == {
        "message": {
            "token": TOKEN,
            "notification": {"title": "2 overdue tasks", "body": "Still waiting: Gutters"},
            "data": {"notification_id": "5"},
            "android": {"priority": "HIGH", "collapse_key": "overdue_reminder:2026-06-15"},
        }
    }


@pytest.mark.parametrize(
    "reply",
    [
        fcm_error(404, "NOT_FOUND", "UNREGISTERED"),
        fcm_error(404, "NOT_FOUND"),
        fcm_error(400, "INVALID_ARGUMENT", "UNREGISTERED"),
    ],
)
def test_fcm_unregistered_tokens_are_reported_dead(fcm, reply):
    provider, fake = fcm
    fake.replies = [reply]
    result = provider.send(platform="android", token=TOKEN, message=MESSAGE)
    assert result.token_dead and not result.ok


@pytest.mark.parametrize(
    "reply",
    [
        fcm_error(503, "UNAVAILABLE", "UNAVAILABLE"),
        fcm_error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED"),
        fcm_error(500, "INTERNAL", "INTERNAL"),
    ],
)
def test_fcm_server_errors_are_transient(fcm, reply):
    provider, fake = fcm
    fake.replies = [reply]
    with pytest.raises(PushError):
        provider.send(platform="android", token=TOKEN, message=MESSAGE)


def test_fcm_401_refreshes_the_access_token_on_the_next_try(fcm):
    provider, fake = fcm
    fake.replies = [fcm_error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR"), (200, {"name": "x"})]
    with pytest.raises(PushError):
        provider.send(platform="android", token=TOKEN, message=MESSAGE)
    assert provider.send(platform="android", token=TOKEN, message=MESSAGE).ok
    assert fake.token_requests == 2


@pytest.mark.django_db
def test_dead_tokens_from_apns_and_fcm_deactivate_devices_and_live_ones_get_the_push(apns, fcm, monkeypatch):
    apns_provider, apple, _ = apns
    fcm_provider, google = fcm
    apple.replies = [(410, "Unregistered")]
    monkeypatch.setattr(services, "get_provider", lambda: NativePushProvider(apns_provider, fcm_provider))
    user = UserFactory()
    iphone = DeviceFactory(user=user, platform="ios")
    android = DeviceFactory(user=user, platform="android")
    note = Notification.objects.create(user=user, kind="test", title="Hi")
    delivery = Delivery.objects.create(notification=note, channel="push")
    assert services.delivery_send(delivery.pk) == Delivery.Status.SENT
    iphone.refresh_from_db()
    android.refresh_from_db()
    assert (iphone.is_active, iphone.deactivated_reason) == (False, "Unregistered")
    assert android.is_active
    assert len(apple.requests) == 1 and len(google.sends) == 1


@pytest.mark.django_db
def test_an_ios_device_without_apns_configured_is_skipped_not_retried(fcm, monkeypatch):
    fcm_provider, google = fcm
    monkeypatch.setattr(services, "get_provider", lambda: NativePushProvider(None, fcm_provider))
    user = UserFactory()
    DeviceFactory(user=user, platform="ios")
    note = Notification.objects.create(user=user, kind="test", title="Hi")
    delivery = Delivery.objects.create(notification=note, channel="push")
    assert services.delivery_send(delivery.pk) == Delivery.Status.SKIPPED
    delivery.refresh_from_db()
    assert delivery.last_error == "no device accepted the push (no push provider configured for ios)"
    assert google.sends == []
