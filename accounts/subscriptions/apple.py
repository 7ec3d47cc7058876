"""Apple App Store: verify StoreKit 2 signed transactions and Server Notifications V2.

Verification is Apple's app-store-server-library `SignedDataVerifier` against the
root certificates named in settings (offline: `enable_online_checks=False`, so a
chain is checked as of the payload's signed date). Decoded payloads are reduced
to the few store fields we keep, then to a rules.Change.
"""

import functools
import logging
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from appstoreserverlibrary.models.Environment import Environment
from appstoreserverlibrary.signed_data_verifier import SignedDataVerifier, VerificationException
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.subscriptions.rules import Change, Kind

logger = logging.getLogger(__name__)


class AppleVerificationError(Exception):
    """The signed data is not genuine, not for this app, or not for this environment."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


TRANSACTION_FIELDS = (
    "originalTransactionId",
    "transactionId",
    "productId",
    "purchaseDate",
    "expiresDate",
    "revocationDate",
    "revocationReason",
    "appAccountToken",
    "signedDate",
    "type",
    "environment",
)
RENEWAL_FIELDS = (
    "originalTransactionId",
    "autoRenewStatus",
    "autoRenewProductId",
    "gracePeriodExpiresDate",
    "isInBillingRetryPeriod",
    "expirationIntent",
    "signedDate",
)


def _load_der(path: str) -> bytes:
    raw = Path(path).read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in raw:
        return x509.load_pem_x509_certificate(raw).public_bytes(Encoding.DER)
    return raw


@functools.lru_cache(maxsize=4)
def _verifier_for(roots: tuple[str, ...], environment: str, bundle_id: str, app_apple_id: int | None):
    if not roots:
        raise ImproperlyConfigured("Set APPLE_ROOT_CERTIFICATES to verify App Store signed data.")
    try:
        env = Environment(environment)
    except ValueError as exc:
        raise ImproperlyConfigured("APPLE_ENVIRONMENT must be Production or Sandbox.") from exc
    return SignedDataVerifier(
        root_certificates=[_load_der(path) for path in roots],
        enable_online_checks=False,
        environment=env,
        bundle_id=bundle_id,
        app_apple_id=app_apple_id,
    )


def verifier() -> SignedDataVerifier:
    return _verifier_for(
        tuple(settings.APPLE_ROOT_CERTIFICATES),
        settings.APPLE_ENVIRONMENT,
        settings.APPLE_BUNDLE_ID,
        settings.APPLE_APP_APPLE_ID,
    )


def _plain(value):
    return value.value if isinstance(value, Enum) else value


def _pick(decoded, fields: tuple[str, ...]) -> dict:
    return {name: _plain(getattr(decoded, name, None)) for name in fields if getattr(decoded, name, None) is not None}


def _configured_verifier() -> SignedDataVerifier:
    try:
        return verifier()
    except ImproperlyConfigured as exc:
        # Never accept unverified data; say loudly what to set.
        logger.error("App Store verification is not configured: %s", exc)
        raise AppleVerificationError("not_configured") from exc


def verify_transaction(signed_transaction: str) -> dict:
    """The kept fields of a genuine signed transaction for this app and environment."""
    v = _configured_verifier()
    try:
        decoded = v.verify_and_decode_signed_transaction(signed_transaction)
    except VerificationException as exc:
        raise AppleVerificationError(exc.status.name.lower()) from exc
    except Exception as exc:  # signed but not shaped like a transaction (cattrs/attrs errors)
        raise AppleVerificationError("malformed") from exc
    return _pick(decoded, TRANSACTION_FIELDS)


def verify_notification(signed_payload: str) -> dict:
    """A genuine App Store Server Notification V2, its transaction and renewal info verified too."""
    v = _configured_verifier()
    try:
        decoded = v.verify_and_decode_notification(signed_payload)
        transaction = renewal = None
        if decoded.data and decoded.data.signedTransactionInfo:
            transaction = _pick(
                v.verify_and_decode_signed_transaction(decoded.data.signedTransactionInfo), TRANSACTION_FIELDS
            )
        if decoded.data and decoded.data.signedRenewalInfo:
            renewal = _pick(v.verify_and_decode_renewal_info(decoded.data.signedRenewalInfo), RENEWAL_FIELDS)
    except VerificationException as exc:
        raise AppleVerificationError(exc.status.name.lower()) from exc
    except Exception as exc:  # signed but not shaped like a notification
        raise AppleVerificationError("malformed") from exc
    if not decoded.notificationUUID:
        raise AppleVerificationError("missing_notification_uuid")
    return {
        "notification_uuid": decoded.notificationUUID,
        "notification_type": decoded.rawNotificationType,
        "subtype": decoded.rawSubtype,
        "signed_date": decoded.signedDate,
        "transaction": transaction,
        "renewal": renewal,
    }


def ms_to_datetime(ms: int | None) -> datetime | None:
    return datetime.fromtimestamp(ms / 1000, tz=UTC) if ms is not None else None


def is_pro_product(product_id: str | None) -> bool:
    return bool(product_id) and product_id in settings.APPLE_PRO_PRODUCT_IDS


def change_from_transaction(transaction: dict, now: datetime) -> Change:
    """What a transaction the app sends us (verify endpoint) says about the subscription."""
    signed_at = ms_to_datetime(transaction.get("signedDate")) or now
    expires_at = ms_to_datetime(transaction.get("expiresDate"))
    product_id = transaction.get("productId", "")
    if transaction.get("revocationDate") is not None:
        return Change(
            Kind.REFUNDED, signed_at, expires_at, product_id=product_id,
            revoked_at=ms_to_datetime(transaction["revocationDate"]),
        )  # fmt: skip
    if expires_at is not None and expires_at <= now:
        return Change(Kind.EXPIRED, signed_at, expires_at, product_id=product_id)
    return Change(Kind.SUBSCRIBED, signed_at, expires_at, product_id=product_id)


_RENEWED = {"DID_RENEW", "REFUND_REVERSED", "RENEWAL_EXTENDED"}
_SUBSCRIBED = {"SUBSCRIBED", "OFFER_REDEEMED"}
_EXPIRED = {"EXPIRED", "GRACE_PERIOD_EXPIRED"}


def change_from_notification(payload: dict) -> Change | None:
    """Map a stored, verified notification to a state change; None for types that change nothing."""
    kind_name = payload.get("notification_type")
    subtype = payload.get("subtype")
    transaction = payload.get("transaction") or {}
    renewal = payload.get("renewal") or {}
    signed_at = ms_to_datetime(payload.get("signed_date"))
    if signed_at is None:
        return None
    expires_at = ms_to_datetime(transaction.get("expiresDate"))
    product_id = transaction.get("productId") or renewal.get("autoRenewProductId") or ""
    auto_renew = None if renewal.get("autoRenewStatus") is None else renewal["autoRenewStatus"] == 1
    common = {"expires_at": expires_at, "product_id": product_id, "auto_renew": auto_renew}
    if kind_name in _SUBSCRIBED:
        return Change(Kind.SUBSCRIBED, signed_at, **common)
    if kind_name in _RENEWED:
        return Change(Kind.RENEWED, signed_at, **common)
    if kind_name == "DID_FAIL_TO_RENEW":
        return Change(
            Kind.FAILED_TO_RENEW, signed_at, **common,
            grace_expires_at=ms_to_datetime(renewal.get("gracePeriodExpiresDate")),
            in_grace=subtype == "GRACE_PERIOD",
        )  # fmt: skip
    if kind_name in _EXPIRED:
        return Change(Kind.EXPIRED, signed_at, **common)
    if kind_name in ("REFUND", "REVOKE"):
        kind = Kind.REFUNDED if kind_name == "REFUND" else Kind.REVOKED
        return Change(kind, signed_at, **common, revoked_at=ms_to_datetime(transaction.get("revocationDate")))
    if kind_name in ("DID_CHANGE_RENEWAL_STATUS", "DID_CHANGE_RENEWAL_PREF"):
        if kind_name == "DID_CHANGE_RENEWAL_STATUS" and subtype in ("AUTO_RENEW_ENABLED", "AUTO_RENEW_DISABLED"):
            common["auto_renew"] = subtype == "AUTO_RENEW_ENABLED"
        return Change(Kind.RENEWAL_STATUS_CHANGED, signed_at, **common)
    return None  # TEST, PRICE_INCREASE, CONSUMPTION_REQUEST, REFUND_DECLINED, ...
