"""Google Play: authenticate Pub/Sub pushes and read subscription state from the Play Developer API.

Real-time developer notifications only say "something happened to purchase
token X"; the state itself is read from `purchases.subscriptionsv2.get`
through a `PlayClient` (a real HTTP implementation, and an in-memory fake).
"""

import base64
import binascii
import hmac
import json
import logging
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.utils.dateparse import parse_datetime

from accounts.subscriptions.rules import Change, Kind

logger = logging.getLogger(__name__)

PLAY_SCOPE = "https://www.googleapis.com/auth/androidpublisher"
PLAY_API = "https://androidpublisher.googleapis.com/androidpublisher/v3/applications"
GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


class StoreUnavailable(Exception):
    """The store could not be asked right now (network, 5xx, quota): worth retrying."""


class PurchaseNotFound(Exception):
    """The store does not know this purchase token (or it is for another app)."""


# --- Push authentication ------------------------------------------------------------


def _oidc_verify(token: str) -> dict:
    """Claims of a Google-signed OIDC token for our audience (google-auth fetches Google's certs)."""
    from google.auth.transport import requests as google_requests
    from google.oauth2 import id_token

    return id_token.verify_oauth2_token(token, google_requests.Request(), audience=settings.GOOGLE_PUBSUB_AUDIENCE)


def push_auth_configured() -> bool:
    oidc = bool(settings.GOOGLE_PUBSUB_AUDIENCE and settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT)
    return oidc or bool(settings.GOOGLE_WEBHOOK_SHARED_SECRET)


def push_is_authentic(*, bearer: str | None, shared_secret: str | None) -> bool:
    """Either a valid OIDC token from the configured push service account, or the shared secret.

    With neither configured nothing is accepted: the webhook is never open.
    """
    secret = settings.GOOGLE_WEBHOOK_SHARED_SECRET
    if secret and shared_secret and hmac.compare_digest(secret.encode(), shared_secret.encode()):
        return True
    if bearer and settings.GOOGLE_PUBSUB_AUDIENCE and settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT:
        try:
            claims = _oidc_verify(bearer)
        except Exception as exc:  # google-auth raises ValueError / GoogleAuthError / TransportError
            logger.warning("Pub/Sub push token refused: %s", type(exc).__name__)
            return False
        return (
            claims.get("iss") in GOOGLE_ISSUERS
            and claims.get("email") == settings.GOOGLE_PUBSUB_SERVICE_ACCOUNT
            and claims.get("email_verified") is True
        )
    return False


# --- Push body ----------------------------------------------------------------------


class InvalidPush(Exception):
    pass


def decode_push(body: dict) -> tuple[str, dict]:
    """(Pub/Sub message id, decoded DeveloperNotification) from a push request body."""
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, dict):
        raise InvalidPush("message missing")
    message_id = message.get("messageId") or message.get("message_id")
    if not isinstance(message_id, str) or not message_id or len(message_id) > 200:
        raise InvalidPush("messageId missing")
    try:
        notification = json.loads(base64.b64decode(message.get("data") or "", validate=True))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidPush("data is not base64 JSON") from exc
    if not isinstance(notification, dict):
        raise InvalidPush("data is not a notification")
    return message_id, notification


def event_type_of(notification: dict) -> str:
    if "subscriptionNotification" in notification:
        return f"subscription:{notification['subscriptionNotification'].get('notificationType')}"
    for key in ("voidedPurchaseNotification", "oneTimeProductNotification", "testNotification"):
        if key in notification:
            return key.removesuffix("Notification")
    return "unknown"


# --- Play Developer API -------------------------------------------------------------


class PlayClient(Protocol):
    def get_subscription(self, package_name: str, purchase_token: str) -> dict:
        """The SubscriptionPurchaseV2 resource; raises PurchaseNotFound / StoreUnavailable."""

    def acknowledge(self, package_name: str, product_id: str, purchase_token: str) -> None:
        """Acknowledge a new purchase (Play refunds purchases left unacknowledged for 3 days)."""


class HttpPlayClient:
    """The real client: a service account with the androidpublisher scope."""

    timeout = 10

    def __init__(self, service_account_file: str):
        self.service_account_file = service_account_file
        self._session = None

    def _http(self):
        if not self.service_account_file:
            raise StoreUnavailable("Play API not configured: set GOOGLE_SERVICE_ACCOUNT_FILE")
        if self._session is None:
            from google.auth.transport.requests import AuthorizedSession
            from google.oauth2 import service_account

            credentials = service_account.Credentials.from_service_account_file(
                self.service_account_file, scopes=[PLAY_SCOPE]
            )
            self._session = AuthorizedSession(credentials)
        return self._session

    def _call(self, method: str, url: str):
        import requests

        session = self._http()
        try:
            response = session.request(method, url, timeout=self.timeout)
        except (requests.RequestException, OSError) as exc:
            raise StoreUnavailable(f"Play API unreachable: {type(exc).__name__}") from exc
        if response.status_code in (400, 404, 410):
            raise PurchaseNotFound(f"Play API answered {response.status_code}")
        if response.status_code >= 300:
            raise StoreUnavailable(f"Play API answered {response.status_code}")
        return response

    def get_subscription(self, package_name: str, purchase_token: str) -> dict:
        return self._call("GET", f"{PLAY_API}/{package_name}/purchases/subscriptionsv2/tokens/{purchase_token}").json()

    def acknowledge(self, package_name: str, product_id: str, purchase_token: str) -> None:
        self._call(
            "POST",
            f"{PLAY_API}/{package_name}/purchases/subscriptions/{product_id}/tokens/{purchase_token}:acknowledge",
        )


class FakePlayClient:
    """In-memory Play API for tests and local runs: put resources in `purchases` by token."""

    purchases: dict[str, dict] = {}
    acknowledged: list[str] = []
    unavailable: bool = False

    @classmethod
    def reset(cls) -> None:
        cls.purchases = {}
        cls.acknowledged = []
        cls.unavailable = False

    def get_subscription(self, package_name: str, purchase_token: str) -> dict:
        if self.unavailable:
            raise StoreUnavailable("fake Play API unavailable")
        if package_name != settings.GOOGLE_PACKAGE_NAME or purchase_token not in self.purchases:
            raise PurchaseNotFound("unknown purchase token")
        return self.purchases[purchase_token]

    def acknowledge(self, package_name: str, product_id: str, purchase_token: str) -> None:
        if self.unavailable:
            raise StoreUnavailable("fake Play API unavailable")
        type(self).acknowledged.append(purchase_token)
        self.purchases[purchase_token]["acknowledgementState"] = "ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED"


def play_client() -> PlayClient:
    if settings.GOOGLE_PLAY_CLIENT == "fake":
        return FakePlayClient()
    return HttpPlayClient(settings.GOOGLE_SERVICE_ACCOUNT_FILE)


# --- Mapping to the state machine ---------------------------------------------------

REVOKED_TYPE = 12  # SUBSCRIPTION_REVOKED


def is_pro_product(product_id: str | None) -> bool:
    return bool(product_id) and product_id in settings.GOOGLE_PRO_PRODUCT_IDS


def product_of(resource: dict) -> tuple[str, datetime | None, bool | None]:
    """(product id, expiry, auto-renew) of the subscription's first line item."""
    items = resource.get("lineItems") or [{}]
    item = items[0]
    expires = parse_datetime(item["expiryTime"]) if item.get("expiryTime") else None
    plan = item.get("autoRenewingPlan")
    auto_renew = plan.get("autoRenewEnabled", False) if isinstance(plan, dict) else None
    return item.get("productId", ""), expires, auto_renew


def change_from_purchase(resource: dict, signed_at: datetime, notification_type: int | None = None) -> Change | None:
    """What the Play API's current state of a purchase means; None for pending purchases."""
    product_id, expires_at, auto_renew = product_of(resource)
    common = {"expires_at": expires_at, "product_id": product_id, "auto_renew": auto_renew}
    if notification_type == REVOKED_TYPE:
        return Change(Kind.REVOKED, signed_at, **common)
    state = resource.get("subscriptionState", "")
    if state in ("SUBSCRIPTION_STATE_ACTIVE", "SUBSCRIPTION_STATE_CANCELED"):
        # CANCELED = auto-renew off; still paid until expiry.
        return Change(Kind.RENEWED, signed_at, **common)
    if state == "SUBSCRIPTION_STATE_IN_GRACE_PERIOD":
        return Change(Kind.FAILED_TO_RENEW, signed_at, **common, in_grace=True)
    if state == "SUBSCRIPTION_STATE_ON_HOLD":
        return Change(Kind.FAILED_TO_RENEW, signed_at, **common, in_grace=False)
    if state in ("SUBSCRIPTION_STATE_EXPIRED", "SUBSCRIPTION_STATE_PAUSED"):
        return Change(Kind.EXPIRED, signed_at, **common)
    return None  # PENDING, PENDING_PURCHASE_CANCELED, unspecified


def account_token_of(resource: dict) -> str | None:
    ids = resource.get("externalAccountIdentifiers") or {}
    return ids.get("obfuscatedExternalAccountId")
