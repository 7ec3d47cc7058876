"""Firebase Cloud Messaging HTTP v1 with service-account OAuth2 credentials (google-auth)."""

import json
import threading

import httpx
from google.auth import exceptions as google_exceptions
from google.auth import transport
from google.oauth2 import service_account

from notifications.push.base import SENT, PushError, PushMessage, PushResult, dead

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
FCM_BASE_URL = "https://fcm.googleapis.com"
DEAD_TOKEN_CODES = frozenset({"UNREGISTERED", "NOT_FOUND"})


class _HttpxResponse(transport.Response):
    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status(self) -> int:
        return self._response.status_code

    @property
    def headers(self):
        return dict(self._response.headers)

    @property
    def data(self) -> bytes:
        return self._response.content


class HttpxAuthRequest(transport.Request):
    """google-auth's transport interface over our httpx client (token refreshes use the same pool)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        try:
            response = self.client.request(method, url, content=body, headers=headers, timeout=timeout or 10)
        except httpx.HTTPError as exc:
            raise google_exceptions.TransportError(exc) from exc
        return _HttpxResponse(response)


class FcmPushProvider:
    name = "fcm"

    def __init__(
        self, *, project_id: str, credentials, client: httpx.Client | None = None, base_url: str = FCM_BASE_URL
    ) -> None:
        self.project_id = project_id
        self.url = f"{base_url}/v1/projects/{project_id}/messages:send"
        self.credentials = credentials
        self.client = client or httpx.Client(http2=True, timeout=httpx.Timeout(10.0, connect=5.0))
        self._lock = threading.Lock()

    @classmethod
    def from_service_account_file(cls, path: str, project_id: str, client: httpx.Client | None = None):
        credentials = service_account.Credentials.from_service_account_file(path, scopes=[SCOPE])
        return cls(project_id=project_id or credentials.project_id, credentials=credentials, client=client)

    def access_token(self) -> str:
        with self._lock:
            if not self.credentials.valid:
                try:
                    self.credentials.refresh(HttpxAuthRequest(self.client))
                except google_exceptions.GoogleAuthError as exc:
                    raise PushError(f"FCM credentials refresh failed: {exc}") from exc
            return self.credentials.token

    def build_request(self, token: str, message: PushMessage) -> httpx.Request:
        body = {
            "message": {
                "token": token,
                "notification": {"title": message.title, "body": message.body},
                # FCM data values must be strings.
                "data": {key: str(value) for key, value in message.data.items()},
                "android": {"priority": "HIGH"},
            }
        }
        if message.collapse_id:
            body["message"]["android"]["collapse_key"] = message.collapse_id
        return self.client.build_request(
            "POST",
            self.url,
            headers={"authorization": f"Bearer {self.access_token()}", "content-type": "application/json"},
            content=json.dumps(body).encode(),
        )

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        try:
            response = self.client.send(self.build_request(token, message))
        except httpx.HTTPError as exc:
            raise PushError(f"FCM unreachable: {exc}") from exc
        if response.status_code == 200:
            return SENT
        status, codes = _error_codes(response)
        if codes & DEAD_TOKEN_CODES or status in DEAD_TOKEN_CODES:
            return dead(next(iter(codes & DEAD_TOKEN_CODES), status))
        if response.status_code == 401:
            with self._lock:
                self.credentials.token = None  # force a refresh next time
        raise PushError(f"FCM {response.status_code} {status} {sorted(codes)}")


def _error_codes(response: httpx.Response) -> tuple[str, set[str]]:
    try:
        error = response.json().get("error", {})
    except ValueError:
        return "", set()
    codes = {detail.get("errorCode") for detail in error.get("details", []) if detail.get("errorCode")}
    return error.get("status", ""), codes
