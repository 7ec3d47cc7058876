"""Apple Push Notification service over HTTP/2 with token (JWT, ES256) authentication."""

import json
import threading
import time

import httpx
import jwt

from notifications.push.base import SENT, PushError, PushMessage, PushResult, dead

PRODUCTION_HOST = "https://api.push.apple.com"
SANDBOX_HOST = "https://api.sandbox.push.apple.com"
# Apple rejects provider tokens older than an hour and throttles refreshes more
# often than every 20 minutes.
TOKEN_LIFETIME_SECONDS = 50 * 60
DEAD_TOKEN_REASONS = frozenset({"BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic"})
STALE_AUTH_REASONS = frozenset({"ExpiredProviderToken", "InvalidProviderToken"})


class ApnsPushProvider:
    name = "apns"

    def __init__(
        self,
        *,
        key_id: str,
        team_id: str,
        private_key: str,
        topic: str,
        use_sandbox: bool = False,
        client: httpx.Client | None = None,
        clock=time.time,
        host: str | None = None,
    ) -> None:
        self.key_id, self.team_id, self.private_key, self.topic = key_id, team_id, private_key, topic
        self.host = host or (SANDBOX_HOST if use_sandbox else PRODUCTION_HOST)
        self.client = client or httpx.Client(http2=True, timeout=httpx.Timeout(10.0, connect=5.0))
        self.clock = clock
        self._lock = threading.Lock()
        self._token: tuple[str, float] | None = None

    def provider_token(self) -> str:
        """The signed JWT, reused for up to 50 minutes."""
        with self._lock:
            now = self.clock()
            if self._token is None or now - self._token[1] >= TOKEN_LIFETIME_SECONDS:
                token = jwt.encode(
                    {"iss": self.team_id, "iat": int(now)},
                    self.private_key,
                    algorithm="ES256",
                    headers={"kid": self.key_id},
                )
                self._token = (token, now)
            return self._token[0]

    def _forget_token(self) -> None:
        with self._lock:
            self._token = None

    def build_request(self, token: str, message: PushMessage) -> httpx.Request:
        payload = {"aps": {"alert": {"title": message.title, "body": message.body}, "sound": "default"}, **message.data}
        headers = {
            "authorization": f"bearer {self.provider_token()}",
            "apns-topic": self.topic,
            "apns-push-type": "alert",
            "apns-priority": "10",
        }
        if message.collapse_id:
            headers["apns-collapse-id"] = message.collapse_id[:64]
        return self.client.build_request(
            "POST", f"{self.host}/3/device/{token}", headers=headers, content=json.dumps(payload).encode()
        )

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        try:
            response = self.client.send(self.build_request(token, message))
        except httpx.HTTPError as exc:
            raise PushError(f"APNs unreachable: {exc}") from exc
        if response.status_code == 200:
            return SENT
        try:
            reason = response.json().get("reason", "")
        except ValueError:
            reason = ""
        if response.status_code == 410 or reason in DEAD_TOKEN_REASONS:
            return dead(reason or "Unregistered")
        if reason in STALE_AUTH_REASONS:
            self._forget_token()
        raise PushError(f"APNs {response.status_code} {reason}".strip())
