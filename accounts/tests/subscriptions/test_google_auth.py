"""Pub/Sub push OIDC tokens: verified with google-auth against (our stand-in for) Google's signing certs."""

import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from accounts.subscriptions import google

AUDIENCE = "https://api.example.com/api/webhooks/google/"
PUSHER = "pubsub-push@example-project.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def google_keys():
    def make():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "securetoken")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256())
        )  # fmt: skip
        return key, cert.public_bytes(serialization.Encoding.PEM).decode()

    return {"google": make(), "impostor": make()}


@pytest.fixture(autouse=True)
def oidc_settings(settings, monkeypatch, google_keys):
    settings.GOOGLE_PUBSUB_AUDIENCE = AUDIENCE
    settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT = PUSHER
    settings.GOOGLE_WEBHOOK_SHARED_SECRET = ""
    # Google's public certs endpoint, served locally: google-auth still does all the checking.
    from google.oauth2 import id_token

    monkeypatch.setattr(id_token, "_fetch_certs", lambda request, url: {"k1": google_keys["google"][1]})


def token(google_keys, signer="google", **claims):
    now = int(time.time())
    body = {
        "iss": "https://accounts.google.com",
        "aud": AUDIENCE,
        "email": PUSHER,
        "email_verified": True,
        "iat": now,
        "exp": now + 3600,
        "sub": "1234567890",
        **claims,
    }
    return jwt.encode(body, google_keys[signer][0], algorithm="RS256", headers={"kid": "k1"})


def test_a_google_signed_token_from_the_push_account_is_accepted(google_keys):
    assert google.push_is_authentic(bearer=token(google_keys), shared_secret=None)


@pytest.mark.parametrize(
    ("signer", "claims"),
    [
        ("impostor", {}),
        ("google", {"aud": "https://other.example.com/"}),
        ("google", {"email": "someone-else@example.iam.gserviceaccount.com"}),
        ("google", {"email_verified": False}),
        ("google", {"iss": "https://evil.example.com"}),
        ("google", {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}),
    ],
)
def test_a_bad_token_is_refused(google_keys, signer, claims):
    assert not google.push_is_authentic(bearer=token(google_keys, signer, **claims), shared_secret=None)


@pytest.mark.django_db
def test_the_webhook_accepts_an_oidc_push_and_refuses_a_forged_one(api_client, google_keys):
    import base64
    import json

    data = base64.b64encode(json.dumps({"packageName": "com.example.honeydue", "testNotification": {}}).encode())
    body = {"message": {"data": data.decode(), "messageId": "oidc-1"}}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token(google_keys)}")
    assert api_client.post("/api/webhooks/google/", body, format="json").status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token(google_keys, 'impostor')}")
    response = api_client.post("/api/webhooks/google/", body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="pubsub"'


def test_an_audience_without_a_service_account_accepts_nothing(settings, google_keys):
    settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT = ""
    assert not google.push_is_authentic(bearer=token(google_keys), shared_secret=None)


def test_the_real_play_client_without_credentials_is_unavailable_not_a_crash(settings):
    settings.GOOGLE_PLAY_CLIENT = "real"
    settings.GOOGLE_SERVICE_ACCOUNT_FILE = ""
    with pytest.raises(google.StoreUnavailable, match="GOOGLE_SERVICE_ACCOUNT_FILE"):
        google.play_client().get_subscription("com.example.honeydue", "token")
