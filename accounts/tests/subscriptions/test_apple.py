"""Apple signed data: what the verifier accepts and refuses, with our own certificate chain."""

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from accounts.subscriptions import apple
from accounts.subscriptions.rules import Kind
from accounts.tests.subscriptions.apple_pki import (
    make_chain,
    ms,
    notification_payload,
    renewal_payload,
    transaction_payload,
)


def test_a_genuine_transaction_is_accepted(apple_chain):
    decoded = apple.verify_transaction(apple_chain.sign(transaction_payload()))
    assert decoded["productId"] == "com.example.honeydue.pro.monthly"
    assert decoded["originalTransactionId"] == "2000000000000001"


def test_a_forged_signature_is_refused(apple_chain):
    forger = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(apple.AppleVerificationError, match="verification_failure"):
        apple.verify_transaction(apple_chain.sign(transaction_payload(), key=forger))


def test_a_tampered_payload_is_refused(apple_chain):
    header, _payload, signature = apple_chain.sign(transaction_payload()).split(".")
    other = apple_chain.sign(transaction_payload(expires=datetime.now(UTC) + timedelta(days=3650))).split(".")[1]
    with pytest.raises(apple.AppleVerificationError):
        apple.verify_transaction(f"{header}.{other}.{signature}")


def test_a_chain_from_another_root_is_refused():
    stranger = make_chain(name="Stranger")
    with pytest.raises(apple.AppleVerificationError, match="verification_failure"):
        apple.verify_transaction(stranger.sign(transaction_payload()))


def test_a_wrong_bundle_id_is_refused(apple_chain):
    with pytest.raises(apple.AppleVerificationError, match="invalid_app_identifier"):
        apple.verify_transaction(apple_chain.sign(transaction_payload(bundle_id="com.evil.app")))


def test_a_wrong_environment_is_refused(apple_chain):
    with pytest.raises(apple.AppleVerificationError, match="invalid_environment"):
        apple.verify_transaction(apple_chain.sign(transaction_payload(environment="Production")))


def test_an_expired_chain_is_refused(settings, tmp_path):
    now = datetime.now(UTC)
    chain = make_chain(leaf_valid=(now - timedelta(days=400), now - timedelta(days=1)))
    root = tmp_path / "root.cer"
    root.write_bytes(chain.root_der)
    settings.APPLE_ROOT_CERTIFICATES = [str(root)]
    # Signed inside the leaf's validity: accepted (offline checks use the signed date) ...
    apple.verify_transaction(chain.sign(transaction_payload(signed=now - timedelta(days=2))))
    # ... signed after it expired: refused.
    with pytest.raises(apple.AppleVerificationError, match="verification_failure"):
        apple.verify_transaction(chain.sign(transaction_payload(signed=now)))


def test_a_pem_root_certificate_file_works_too(settings, tmp_path, apple_chain):
    from cryptography.hazmat.primitives.serialization import Encoding

    root = tmp_path / "root.pem"
    root.write_bytes(apple_chain.root.public_bytes(Encoding.PEM))
    settings.APPLE_ROOT_CERTIFICATES = [str(root)]
    assert (
        apple.verify_transaction(apple_chain.sign(transaction_payload()))["productId"]
        == "com.example.honeydue.pro.monthly"
    )


def test_a_genuine_notification_is_decoded_with_its_transaction_and_renewal(apple_chain):
    payload = notification_payload(
        apple_chain, "DID_FAIL_TO_RENEW", "GRACE_PERIOD",
        transaction=transaction_payload(), renewal=renewal_payload(grace_until=datetime.now(UTC) + timedelta(days=16)),
    )  # fmt: skip
    decoded = apple.verify_notification(apple_chain.sign(payload))
    assert decoded["notification_uuid"] == payload["notificationUUID"]
    assert decoded["transaction"]["originalTransactionId"] == "2000000000000001"
    change = apple.change_from_notification(decoded)
    assert change.kind == Kind.FAILED_TO_RENEW and change.in_grace
    assert change.grace_expires_at is not None


def test_a_notification_for_another_bundle_is_refused(apple_chain):
    payload = notification_payload(apple_chain, "DID_RENEW", bundle_id="com.evil.app")
    with pytest.raises(apple.AppleVerificationError, match="invalid_app_identifier"):
        apple.verify_notification(apple_chain.sign(payload))


def test_a_notification_for_another_environment_is_refused(apple_chain):
    payload = notification_payload(apple_chain, "DID_RENEW", environment="Production")
    with pytest.raises(apple.AppleVerificationError, match="invalid_environment"):
        apple.verify_notification(apple_chain.sign(payload))


def test_a_notification_with_a_forged_inner_transaction_is_refused(apple_chain):
    stranger = make_chain(name="Stranger")
    payload = notification_payload(apple_chain, "DID_RENEW")
    payload["data"]["signedTransactionInfo"] = stranger.sign(transaction_payload())
    with pytest.raises(apple.AppleVerificationError):
        apple.verify_notification(apple_chain.sign(payload))


@pytest.mark.parametrize(
    ("notification_type", "subtype", "kind"),
    [
        ("SUBSCRIBED", "INITIAL_BUY", Kind.SUBSCRIBED),
        ("SUBSCRIBED", "RESUBSCRIBE", Kind.SUBSCRIBED),
        ("DID_RENEW", None, Kind.RENEWED),
        ("DID_RENEW", "BILLING_RECOVERY", Kind.RENEWED),
        ("DID_FAIL_TO_RENEW", None, Kind.FAILED_TO_RENEW),
        ("EXPIRED", "VOLUNTARY", Kind.EXPIRED),
        ("GRACE_PERIOD_EXPIRED", None, Kind.EXPIRED),
        ("REFUND", None, Kind.REFUNDED),
        ("REVOKE", None, Kind.REVOKED),
        ("DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_DISABLED", Kind.RENEWAL_STATUS_CHANGED),
        ("TEST", None, None),
        ("PRICE_INCREASE", "PENDING", None),
    ],
)
def test_notification_types_map_to_state_changes(notification_type, subtype, kind):
    payload = {
        "notification_type": notification_type,
        "subtype": subtype,
        "signed_date": ms(datetime.now(UTC)),
        "transaction": {"productId": "p", "expiresDate": ms(datetime.now(UTC))},
        "renewal": {"autoRenewStatus": 1},
    }
    change = apple.change_from_notification(payload)
    assert (change.kind if change else None) == kind
    if subtype == "AUTO_RENEW_DISABLED":
        assert change.auto_renew is False


def test_without_root_certificates_nothing_is_accepted(settings, apple_chain):
    settings.APPLE_ROOT_CERTIFICATES = []
    with pytest.raises(apple.AppleVerificationError, match="not_configured"):
        apple.verify_transaction(apple_chain.sign(transaction_payload()))


def test_a_signed_payload_of_the_wrong_shape_is_refused(apple_chain):
    with pytest.raises(apple.AppleVerificationError, match="malformed"):
        apple.verify_notification(apple_chain.sign({"signedDate": ms(datetime.now(UTC)), "data": 5}))
