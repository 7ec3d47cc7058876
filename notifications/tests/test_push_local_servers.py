"""APNs and FCM providers over real sockets, against fake Apple and Google servers started on 127.0.0.1.

The fakes speak HTTP/1.1 (the client negotiates HTTP/2 only over TLS, with Apple and Google); what is
tested here is the real exchange: connection, headers, JSON bodies, token endpoints and status handling.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from google.oauth2 import service_account

from notifications.push.apns import ApnsPushProvider
from notifications.push.base import PushError, PushMessage
from notifications.push.fcm import SCOPE, FcmPushProvider

MESSAGE = PushMessage(title="Digest", body="1 overdue", data={"notification_id": 9}, collapse_id="daily_digest:x")
TOKEN = "cd" * 32


def pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class FakeProviders(ThreadingHTTPServer):
    """Apple's /3/device/<token>, Google's OAuth2 /token and FCM's messages:send, scripted per device token."""

    def __init__(self, apns_public_key, google_public_key):
        super().__init__(("127.0.0.1", 0), Handler)
        self.apns_public_key, self.google_public_key = apns_public_key, google_public_key
        self.received: list[tuple[str, dict, dict]] = []
        self.issued_tokens = 0
        self.errors: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: FakeProviders
    protocol_version = "HTTP/1.1"  # keep-alive, as the client's connection pool expects

    def log_message(self, *args):
        pass

    def reply(self, status: int, body: dict | None = None):
        payload = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        try:
            self.handle_post()
        except Exception as exc:  # a broken fake must fail the test loudly, not hang up
            self.server.errors.append(repr(exc))
            self.reply(500, {"fake_error": repr(exc)})

    def handle_post(self):
        raw = self.rfile.read(int(self.headers["content-length"]))
        if self.path == "/token":
            form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            # google-auth always addresses the grant to Google's token endpoint, whatever token_uri says.
            claims = jwt.decode(
                form["assertion"],
                self.server.google_public_key,
                algorithms=["RS256"],
                audience="https://oauth2.googleapis.com/token",
            )
            assert claims["scope"] == SCOPE
            self.server.issued_tokens += 1
            return self.reply(200, {"access_token": "ya29.local", "expires_in": 3600, "token_type": "Bearer"})
        body = json.loads(raw)
        self.server.received.append((self.path, dict(self.headers), body))
        if self.path.startswith("/3/device/"):
            jwt.decode(self.headers["authorization"].split()[1], self.server.apns_public_key, algorithms=["ES256"])
            token = self.path.rsplit("/", 1)[1]
            if token.startswith("dead"):
                return self.reply(410, {"reason": "Unregistered", "timestamp": 1700000000000})
            if token.startswith("busy"):
                return self.reply(503, {"reason": "ServiceUnavailable"})
            return self.reply(200)
        if self.path == "/v1/projects/demo/messages:send":
            if self.headers["authorization"] != "Bearer ya29.local":
                return self.reply(401, {"error": {"status": "UNAUTHENTICATED"}})
            token = body["message"]["token"]
            if token.startswith("dead"):
                details = [
                    {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}
                ]
                return self.reply(404, {"error": {"code": 404, "status": "NOT_FOUND", "details": details}})
            if token.startswith("busy"):
                return self.reply(503, {"error": {"code": 503, "status": "UNAVAILABLE"}})
            return self.reply(200, {"name": "projects/demo/messages/42"})
        return self.reply(404)


@pytest.fixture
def servers():
    apns_key = ec.generate_private_key(ec.SECP256R1())
    google_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    fake = FakeProviders(apns_key.public_key(), google_key.public_key())
    thread = threading.Thread(target=fake.serve_forever, daemon=True)
    thread.start()
    apns = ApnsPushProvider(
        key_id="KEY1234567",
        team_id="TEAM123456",
        private_key=pem(apns_key),
        topic="com.example.honeydue",
        host=fake.url,
    )
    credentials = service_account.Credentials.from_service_account_info(
        {
            "type": "service_account",
            "project_id": "demo",
            "private_key_id": "k1",
            "private_key": pem(google_key),
            "client_email": "push@demo.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": fake.url + "/token",
        },
        scopes=[SCOPE],
    )
    fcm = FcmPushProvider(project_id="demo", credentials=credentials, base_url=fake.url)
    yield fake, apns, fcm
    assert fake.errors == []
    fake.shutdown()
    fake.server_close()


def test_apns_over_a_real_connection(servers):
    fake, apns, _ = servers
    assert apns.send(platform="ios", token=TOKEN, message=MESSAGE).ok
    path, headers, body = fake.received[0]
    assert path == f"/3/device/{TOKEN}"
    assert headers["apns-topic"] == "com.example.honeydue" and headers["apns-collapse-id"] == "daily_digest:x"
    assert body["aps"]["alert"] == {"title": "Digest", "body": "1 overdue"}
    assert apns.send(platform="ios", token="dead" + TOKEN, message=MESSAGE).token_dead
    with pytest.raises(PushError, match="503"):
        apns.send(platform="ios", token="busy" + TOKEN, message=MESSAGE)


def test_fcm_over_a_real_connection_with_a_service_account_token(servers):
    fake, _, fcm = servers
    assert fcm.send(platform="android", token=TOKEN, message=MESSAGE).ok
    assert fcm.send(platform="android", token=TOKEN, message=MESSAGE).ok
    assert fake.issued_tokens == 1
    path, _, body = fake.received[0]
    assert path == "/v1/projects/demo/messages:send"
    assert body["message"]["token"] == TOKEN and body["message"]["data"] == {"notification_id": "9"}
    dead = fcm.send(platform="android", token="dead" + TOKEN, message=MESSAGE)
    assert (dead.token_dead, dead.reason) == (True, "UNREGISTERED")
    with pytest.raises(PushError, match="503"):
        fcm.send(platform="android", token="busy" + TOKEN, message=MESSAGE)
