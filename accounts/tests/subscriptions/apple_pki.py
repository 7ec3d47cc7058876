"""A private App Store PKI for tests: root CA -> intermediate -> leaf, with the Apple OIDs
the app-store-server-library checks, and a signer for JWS payloads like Apple's."""

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LEAF_OID = x509.ObjectIdentifier("1.2.840.113635.100.6.11.1")
INTERMEDIATE_OID = x509.ObjectIdentifier("1.2.840.113635.100.6.2.1")
BUNDLE_ID = "com.example.honeydue"
PRODUCT_ID = "com.example.honeydue.pro.monthly"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _cert(subject, issuer, public_key, signing_key, *, ca: bool, not_before, not_after, extra_oid=None):
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False
        )
    )  # fmt: skip
    if extra_oid is not None:
        builder = builder.add_extension(x509.UnrecognizedExtension(extra_oid, b"\x05\x00"), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _der_b64(cert: x509.Certificate) -> str:
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


@dataclass
class Chain:
    root: x509.Certificate
    intermediate: x509.Certificate
    leaf: x509.Certificate
    leaf_key: ec.EllipticCurvePrivateKey

    @property
    def root_der(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.DER)

    def x5c(self) -> list[str]:
        return [_der_b64(self.leaf), _der_b64(self.intermediate), _der_b64(self.root)]

    def sign(self, payload: dict, *, key=None) -> str:
        """A JWS like Apple's: ES256, the chain in `x5c`; `key` forges it with another key."""
        return jwt.encode(payload, key or self.leaf_key, algorithm="ES256", headers={"x5c": self.x5c()})


def make_chain(*, leaf_valid=None, name="Test") -> Chain:
    now = datetime.now(UTC)
    long_ago, far_ahead = now - timedelta(days=3650), now + timedelta(days=3650)
    root_key = ec.generate_private_key(ec.SECP256R1())
    inter_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert(f"{name} Root CA", f"{name} Root CA", root_key.public_key(), root_key, ca=True,
                 not_before=long_ago, not_after=far_ahead)  # fmt: skip
    intermediate = _cert(f"{name} WWDR", f"{name} Root CA", inter_key.public_key(), root_key, ca=True,
                         not_before=long_ago, not_after=far_ahead, extra_oid=INTERMEDIATE_OID)  # fmt: skip
    leaf_not_before, leaf_not_after = leaf_valid or (now - timedelta(days=365), far_ahead)
    leaf = _cert(f"{name} StoreKit signing", f"{name} WWDR", leaf_key.public_key(), inter_key, ca=False,
                 not_before=leaf_not_before, not_after=leaf_not_after, extra_oid=LEAF_OID)  # fmt: skip
    return Chain(root, intermediate, leaf, leaf_key)


def ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def transaction_payload(
    *,
    original_transaction_id="2000000000000001",
    expires: datetime | None = None,
    signed: datetime | None = None,
    product_id=PRODUCT_ID,
    bundle_id=BUNDLE_ID,
    environment="Sandbox",
    app_account_token: str | None = None,
    revoked: datetime | None = None,
) -> dict:
    now = datetime.now(UTC)
    payload = {
        "originalTransactionId": original_transaction_id,
        "transactionId": str(uuid.uuid4().int)[:16],
        "bundleId": bundle_id,
        "productId": product_id,
        "purchaseDate": ms(now - timedelta(days=1)),
        "originalPurchaseDate": ms(now - timedelta(days=1)),
        "expiresDate": ms(expires or now + timedelta(days=30)),
        "quantity": 1,
        "type": "Auto-Renewable Subscription",
        "inAppOwnershipType": "PURCHASED",
        "signedDate": ms(signed or now),
        "environment": environment,
        "transactionReason": "PURCHASE",
        "storefront": "USA",
    }
    if app_account_token:
        payload["appAccountToken"] = app_account_token
    if revoked:
        payload["revocationDate"] = ms(revoked)
        payload["revocationReason"] = 0
    return payload


def renewal_payload(*, original_transaction_id="2000000000000001", auto_renew=True, grace_until=None, signed=None):
    payload = {
        "originalTransactionId": original_transaction_id,
        "autoRenewProductId": PRODUCT_ID,
        "productId": PRODUCT_ID,
        "autoRenewStatus": 1 if auto_renew else 0,
        "signedDate": ms(signed or datetime.now(UTC)),
        "environment": "Sandbox",
    }
    if grace_until:
        payload["gracePeriodExpiresDate"] = ms(grace_until)
        payload["isInBillingRetryPeriod"] = True
    return payload


def notification_payload(
    chain: Chain,
    notification_type: str,
    subtype: str | None = None,
    *,
    transaction: dict | None = None,
    renewal: dict | None = None,
    signed: datetime | None = None,
    notification_uuid: str | None = None,
    bundle_id=BUNDLE_ID,
    environment="Sandbox",
) -> dict:
    data = {"bundleId": bundle_id, "environment": environment, "bundleVersion": "1", "status": 1}
    if transaction is not None:
        data["signedTransactionInfo"] = chain.sign(transaction)
    if renewal is not None:
        data["signedRenewalInfo"] = chain.sign(renewal)
    payload = {
        "notificationType": notification_type,
        "notificationUUID": notification_uuid or str(uuid.uuid4()),
        "data": data,
        "version": "2.0",
        "signedDate": ms(signed or datetime.now(UTC)),
    }
    if subtype:
        payload["subtype"] = subtype
    return payload
