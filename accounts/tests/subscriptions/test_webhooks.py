"""POST /api/webhooks/apple/ and /api/webhooks/google/: authenticated, stored once, processed in a job."""

import base64
import json
import logging
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from accounts.models import StoreEvent, Subscription
from accounts.subscriptions import services
from accounts.subscriptions.google import FakePlayClient
from accounts.tests.factories import UserFactory
from accounts.tests.subscriptions.apple_pki import (
    make_chain,
    notification_payload,
    renewal_payload,
    transaction_payload,
)
from accounts.tests.subscriptions.test_api_subscriptions import play_purchase

pytestmark = pytest.mark.django_db

APPLE = "/api/webhooks/apple/"
GOOGLE = "/api/webhooks/google/"
OTX = "2000000000000001"


def apple_subscriber(apple_chain, make_client, *, expires=None, signed=None):
    """A user who verified an Apple purchase (so webhooks can find them)."""
    user = UserFactory()
    signed_tx = apple_chain.sign(transaction_payload(expires=expires, signed=signed))
    assert make_client(user).post("/api/subscriptions/verify/", {"platform": "apple", "signed_transaction": signed_tx})
    return user


def post_apple(api_client, chain, notification_type, subtype=None, **kw):
    payload = notification_payload(chain, notification_type, subtype, **kw)
    return api_client.post(APPLE, {"signedPayload": chain.sign(payload)}, format="json"), payload


def sub_of(user) -> Subscription:
    return Subscription.objects.get(user=user)


# --- Apple ----------------------------------------------------------------------------


def test_a_genuine_apple_notification_is_stored_and_processed(api_client, apple_chain, make_client):
    user = apple_subscriber(apple_chain, make_client)
    now = datetime.now(UTC)
    response, payload = post_apple(
        api_client, apple_chain, "DID_RENEW",
        transaction=transaction_payload(expires=now + timedelta(days=60)), renewal=renewal_payload(),
    )  # fmt: skip
    assert response.status_code == 200 and response.json() == {}
    event = StoreEvent.objects.get()
    assert event.event_id == payload["notificationUUID"] and event.event_type == "DID_RENEW"
    assert event.status == "processed" and event.attempts == 1 and event.subscription == sub_of(user)
    assert sub_of(user).expires_at.date() == (now + timedelta(days=60)).date()


def test_a_repeated_apple_notification_is_a_200_no_op(api_client, apple_chain, make_client):
    apple_subscriber(apple_chain, make_client)
    payload = notification_payload(apple_chain, "DID_RENEW", transaction=transaction_payload())
    body = {"signedPayload": apple_chain.sign(payload)}
    assert api_client.post(APPLE, body, format="json").status_code == 200
    assert api_client.post(APPLE, body, format="json").status_code == 200
    event = StoreEvent.objects.get()
    assert event.attempts == 1


@pytest.mark.parametrize(
    "case",
    ["forged", "other_root", "wrong_bundle", "wrong_environment", "expired_chain", "garbage"],
)
def test_an_apple_notification_that_does_not_verify_is_refused_and_not_stored(api_client, apple_chain, case, settings):
    from cryptography.hazmat.primitives.asymmetric import ec

    now = datetime.now(UTC)
    payload = notification_payload(apple_chain, "DID_RENEW", transaction=transaction_payload())
    if case == "forged":
        signed = apple_chain.sign(payload, key=ec.generate_private_key(ec.SECP256R1()))
    elif case == "other_root":
        signed = make_chain(name="Stranger").sign(payload)
    elif case == "wrong_bundle":
        signed = apple_chain.sign(notification_payload(apple_chain, "DID_RENEW", bundle_id="com.evil"))
    elif case == "wrong_environment":
        signed = apple_chain.sign(notification_payload(apple_chain, "DID_RENEW", environment="Production"))
    elif case == "expired_chain":
        chain = make_chain(leaf_valid=(now - timedelta(days=400), now - timedelta(days=1)))
        root = settings.APPLE_ROOT_CERTIFICATES[0] + ".expired"
        with open(root, "wb") as f:
            f.write(chain.root_der)
        settings.APPLE_ROOT_CERTIFICATES = [root]
        signed = chain.sign(notification_payload(chain, "DID_RENEW"))
    else:
        signed = "not.a.jws"
    response = api_client.post(APPLE, {"signedPayload": signed}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"signedPayload": ["The notification could not be verified."]}
    assert not StoreEvent.objects.exists()


def test_an_apple_webhook_without_a_payload_is_a_400(api_client):
    assert api_client.post(APPLE, {}, format="json").status_code == 400


def test_a_webhook_body_over_the_limit_is_a_413_before_reading(api_client, settings):
    settings.STORE_WEBHOOK_MAX_BYTES = 1000
    response = api_client.post(APPLE, {"signedPayload": "x" * 2000}, format="json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"
    response = api_client.post(GOOGLE + "?token=test-push-secret", {"message": {"data": "x" * 2000}}, format="json")
    assert response.status_code == 413


def test_webhooks_are_rate_limited_per_ip(api_client, monkeypatch):
    from accounts.api.subscription_views import AppleWebhookView

    throttle = AppleWebhookView.throttle_classes[0]
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, "store_webhook": "3/minute"})
    codes = [api_client.post(APPLE, {}, format="json").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]


def test_subscribe_fail_grace_expire_through_apple_notifications(api_client, apple_chain, make_client):
    user = apple_subscriber(apple_chain, make_client)
    now = datetime.now(UTC)
    post_apple(
        api_client, apple_chain, "DID_CHANGE_RENEWAL_STATUS", "AUTO_RENEW_DISABLED",
        transaction=transaction_payload(), renewal=renewal_payload(auto_renew=False),
    )  # fmt: skip
    assert sub_of(user).auto_renew is False
    post_apple(
        api_client, apple_chain, "DID_FAIL_TO_RENEW", "GRACE_PERIOD",
        transaction=transaction_payload(expires=now - timedelta(hours=1)),
        renewal=renewal_payload(grace_until=now + timedelta(days=6)),
    )  # fmt: skip
    subscription = sub_of(user)
    assert subscription.status == "grace" and subscription.effective_tier() == "pro", "grace counts as Pro"
    post_apple(api_client, apple_chain, "GRACE_PERIOD_EXPIRED", transaction=transaction_payload(expires=now))
    subscription = sub_of(user)
    assert subscription.status == "expired" and subscription.effective_tier() == "free"
    assert list(StoreEvent.objects.values_list("status", flat=True)) == ["processed"] * 3


def test_an_apple_refund_ends_pro_immediately(api_client, apple_chain, make_client):
    user = apple_subscriber(apple_chain, make_client)
    now = datetime.now(UTC)
    post_apple(api_client, apple_chain, "REFUND", transaction=transaction_payload(revoked=now - timedelta(minutes=1)))
    assert sub_of(user).status == "refunded" and sub_of(user).effective_tier() == "free"


def test_an_apple_revoke_ends_pro(api_client, apple_chain, make_client):
    user = apple_subscriber(apple_chain, make_client)
    post_apple(api_client, apple_chain, "REVOKE", transaction=transaction_payload(revoked=datetime.now(UTC)))
    assert sub_of(user).status == "revoked" and sub_of(user).effective_tier() == "free"


def test_apple_events_out_of_order_do_not_move_state_backwards(api_client, apple_chain, make_client):
    now = datetime.now(UTC)
    user = apple_subscriber(apple_chain, make_client, signed=now - timedelta(days=40))
    # Expired (signed now) arrives first; an older renewal (signed 10 days ago) arrives late.
    post_apple(
        api_client, apple_chain, "EXPIRED", "VOLUNTARY", transaction=transaction_payload(expires=now), signed=now
    )
    post_apple(
        api_client, apple_chain, "DID_RENEW",
        transaction=transaction_payload(expires=now + timedelta(days=20)), signed=now - timedelta(days=10),
    )  # fmt: skip
    subscription = sub_of(user)
    assert subscription.status == "expired" and subscription.effective_tier() == "free"
    assert list(StoreEvent.objects.order_by("received_at").values_list("status", flat=True)) == [
        "processed",
        "ignored",
    ]


def test_an_apple_notification_for_an_unknown_purchase_fails_visibly_and_replays_after_verify(
    api_client, apple_chain, make_client, committed
):
    response, _ = post_apple(api_client, apple_chain, "DID_RENEW", transaction=transaction_payload())
    assert response.status_code == 200
    event = StoreEvent.objects.get()
    assert event.status == "failed" and "no account linked" in event.last_error
    # The app verifies a transaction signed before the notification.
    user = apple_subscriber(apple_chain, make_client, signed=datetime.now(UTC) - timedelta(days=1))
    with committed():
        services.reprocess_store_events([event.pk])
    event.refresh_from_db()
    assert event.status == "processed" and event.subscription == sub_of(user) and event.attempts == 2


def test_an_apple_notification_with_the_users_account_token_links_without_verify(api_client, apple_chain, make_client):
    user = UserFactory()
    token = make_client(user).get("/api/subscriptions/").json()["app_account_token"]
    post_apple(
        api_client, apple_chain, "SUBSCRIBED", "INITIAL_BUY", transaction=transaction_payload(app_account_token=token)
    )
    assert sub_of(user).effective_tier() == "pro" and sub_of(user).store_reference == OTX


def test_apple_test_notifications_are_ignored(api_client, apple_chain):
    response, _ = post_apple(api_client, apple_chain, "TEST")
    assert response.status_code == 200
    assert StoreEvent.objects.get().status == "ignored"


def test_payloads_and_store_ids_are_never_logged(api_client, apple_chain, make_client, caplog):
    user = apple_subscriber(apple_chain, make_client)
    caplog.set_level(logging.DEBUG)
    response, payload = post_apple(api_client, apple_chain, "DID_RENEW", transaction=transaction_payload())
    assert response.status_code == 200
    play_purchase("secret-purchase-token")
    push(api_client, {"subscriptionNotification": {"notificationType": 2, "purchaseToken": "secret-purchase-token"}})
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert "store event" in logged  # the events were logged ...
    for secret in (OTX, user.email, "secret-purchase-token", "signedPayload", payload["data"]["signedTransactionInfo"]):
        assert secret not in logged  # ... without what they carried


# --- Google ---------------------------------------------------------------------------


def push(api_client, notification: dict, *, message_id=None, auth="?token=test-push-secret", event_time=None):
    data = {
        "version": "1.0",
        "packageName": "com.example.honeydue",
        "eventTimeMillis": str(int((event_time or datetime.now(UTC)).timestamp() * 1000)),
        **notification,
    }
    body = {
        "message": {
            "data": base64.b64encode(json.dumps(data).encode()).decode(),
            "messageId": message_id or str(uuid.uuid4().int)[:16],
            "publishTime": datetime.now(UTC).isoformat(),
        },
        "subscription": "projects/p/subscriptions/play-rtdn",
    }
    return api_client.post(GOOGLE + auth, body, format="json")


def google_subscriber(make_client, token="tok-g"):
    user = UserFactory()
    play_purchase(token)
    data = {"platform": "google", "product_id": "honeydue_pro", "purchase_token": token}
    assert make_client(user).post("/api/subscriptions/verify/", data).status_code == 200
    return user


def test_a_google_push_without_credentials_is_a_401(api_client):
    response = push(api_client, {"testNotification": {"version": "1.0"}}, auth="")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert not StoreEvent.objects.exists()


def test_a_google_push_with_a_wrong_secret_is_a_401(api_client):
    response = push(api_client, {"testNotification": {}}, auth="?token=guess")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_google_push_with_the_secret_in_a_header_is_accepted(api_client):
    api_client.credentials(HTTP_X_WEBHOOK_TOKEN="test-push-secret")
    assert push(api_client, {"testNotification": {}}, auth="").status_code == 200
    assert StoreEvent.objects.get().status == "ignored"


@override_settings(GOOGLE_WEBHOOK_SHARED_SECRET="", GOOGLE_PUBSUB_AUDIENCE="", GOOGLE_PUBSUB_SERVICE_ACCOUNT="")
def test_with_no_push_auth_configured_nothing_is_accepted(api_client):
    assert push(api_client, {"testNotification": {}}, auth="?token=").status_code == 401
    assert push(api_client, {"testNotification": {}}, auth="?token=anything").status_code == 401


def test_a_google_renewal_push_reads_the_play_api_and_updates_the_plan(api_client, make_client):
    user = google_subscriber(make_client)
    FakePlayClient.purchases["tok-g"]["lineItems"][0]["expiryTime"] = "2099-01-01T00:00:00Z"
    response = push(api_client, {"subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}})
    assert response.status_code == 200
    assert StoreEvent.objects.get().status == "processed"
    assert sub_of(user).expires_at.year == 2099


def test_a_repeated_google_push_is_a_200_no_op(api_client, make_client):
    google_subscriber(make_client)
    note = {"subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}}
    assert push(api_client, note, message_id="m-1").status_code == 200
    assert push(api_client, note, message_id="m-1").status_code == 200
    assert StoreEvent.objects.get().attempts == 1


def test_google_grace_hold_and_expiry(api_client, make_client, settings):
    user = google_subscriber(make_client)
    purchase = FakePlayClient.purchases["tok-g"]
    purchase["subscriptionState"] = "SUBSCRIPTION_STATE_IN_GRACE_PERIOD"
    purchase["lineItems"][0]["expiryTime"] = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    push(api_client, {"subscriptionNotification": {"notificationType": 6, "purchaseToken": "tok-g"}})
    subscription = sub_of(user)
    assert subscription.status == "grace" and subscription.effective_tier() == "pro"
    assert subscription.grace_expires_at > datetime.now(UTC) + timedelta(days=settings.GRACE_PERIOD_DAYS - 1)
    purchase["subscriptionState"] = "SUBSCRIPTION_STATE_ON_HOLD"
    push(api_client, {"subscriptionNotification": {"notificationType": 5, "purchaseToken": "tok-g"}})
    assert sub_of(user).status == "billing_retry" and sub_of(user).effective_tier() == "free"
    purchase["subscriptionState"] = "SUBSCRIPTION_STATE_EXPIRED"
    push(api_client, {"subscriptionNotification": {"notificationType": 13, "purchaseToken": "tok-g"}})
    assert sub_of(user).status == "expired"


def test_a_google_revocation_ends_pro(api_client, make_client):
    user = google_subscriber(make_client)
    push(api_client, {"subscriptionNotification": {"notificationType": 12, "purchaseToken": "tok-g"}})
    assert sub_of(user).status == "revoked" and sub_of(user).effective_tier() == "free"


def test_a_google_voided_purchase_is_a_refund(api_client, make_client):
    user = google_subscriber(make_client)
    push(api_client, {"voidedPurchaseNotification": {"purchaseToken": "tok-g", "orderId": "GPA.1", "productType": 1}})
    assert sub_of(user).status == "refunded" and sub_of(user).effective_tier() == "free"


def test_google_events_out_of_order_do_not_move_state_backwards(api_client, make_client):
    user = google_subscriber(make_client)
    push(api_client, {"subscriptionNotification": {"notificationType": 12, "purchaseToken": "tok-g"}})
    older = datetime.now(UTC) - timedelta(days=1)
    push(
        api_client,
        {"subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}},
        event_time=older,
    )
    assert sub_of(user).status == "revoked"
    assert StoreEvent.objects.filter(status="ignored").count() == 1


def test_a_google_upgrade_follows_the_linked_purchase_token(api_client, make_client):
    user = google_subscriber(make_client, token="old-token")
    play_purchase("new-token")["linkedPurchaseToken"] = "old-token"
    push(api_client, {"subscriptionNotification": {"notificationType": 4, "purchaseToken": "new-token"}})
    assert sub_of(user).store_reference == "new-token" and sub_of(user).effective_tier() == "pro"


def test_google_unreachable_fails_the_event_visibly_and_it_can_be_replayed(api_client, make_client, committed):
    user = google_subscriber(make_client)
    FakePlayClient.unavailable = True
    FakePlayClient.purchases["tok-g"]["lineItems"][0]["expiryTime"] = "2099-01-01T00:00:00Z"
    note = {"subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}}
    assert push(api_client, note).status_code == 200
    event = StoreEvent.objects.get()
    assert event.status == "failed" and "unavailable" in event.last_error
    FakePlayClient.unavailable = False
    with committed():
        services.reprocess_store_events([event.pk])
    event.refresh_from_db()
    assert event.status == "processed" and event.attempts == 2
    assert sub_of(user).expires_at.year == 2099


def test_the_job_retries_while_the_store_is_unreachable(make_client, settings, monkeypatch):
    from accounts.subscriptions.tasks import process_store_event_task

    monkeypatch.setitem(process_store_event_task.app.conf, "task_eager_propagates", False)

    google_subscriber(make_client)
    event, _ = services.record_store_event(
        provider="google", event_id="m-9", event_type="subscription:2", signed_at=datetime.now(UTC),
        payload={"packageName": "com.example.honeydue",
                 "subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}},
    )  # fmt: skip
    FakePlayClient.unavailable = True
    # Eager apply runs each scheduled retry at once, until max_retries.
    result = process_store_event_task.apply(args=[event.pk], throw=False)
    event.refresh_from_db()
    assert result.state == "FAILURE"
    assert event.attempts == process_store_event_task.max_retries + 1 == settings.STORE_EVENT_MAX_RETRIES + 1
    assert event.status == "failed"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": {"messageId": "1", "data": "!!!"}},
        {"message": {"messageId": "1", "data": base64.b64encode(b"[1]").decode()}},
        {"message": {"data": base64.b64encode(b"{}").decode()}},
    ],
)
def test_a_malformed_google_push_is_a_400(api_client, body):
    assert api_client.post(GOOGLE + "?token=test-push-secret", body, format="json").status_code == 400
    assert not StoreEvent.objects.exists()


def test_a_google_purchase_nobody_acknowledged_is_acknowledged_by_the_job(api_client, make_client):
    user = UserFactory()
    token = make_client(user).get("/api/subscriptions/").json()["app_account_token"]
    play_purchase("tok-unacked", account=token)
    push(api_client, {"subscriptionNotification": {"notificationType": 4, "purchaseToken": "tok-unacked"}})
    assert sub_of(user).effective_tier() == "pro"
    assert FakePlayClient.acknowledged == ["tok-unacked"]


def test_events_whose_enqueue_was_lost_are_queued_again(make_client):
    from accounts.subscriptions.tasks import requeue_stale_store_events

    user = google_subscriber(make_client)
    FakePlayClient.purchases["tok-g"]["lineItems"][0]["expiryTime"] = "2099-01-01T00:00:00Z"
    # Recorded, but the transaction's on-commit enqueue never ran (as if the broker was down).
    event, _ = services.record_store_event(
        provider="google", event_id="lost-1", event_type="subscription:2", signed_at=datetime.now(UTC),
        payload={"packageName": "com.example.honeydue",
                 "subscriptionNotification": {"notificationType": 2, "purchaseToken": "tok-g"}},
    )  # fmt: skip
    assert requeue_stale_store_events() == 0, "fresh events are left to their own job"
    StoreEvent.objects.filter(pk=event.pk).update(received_at=datetime.now(UTC) - timedelta(minutes=11))
    assert requeue_stale_store_events() == 1
    event.refresh_from_db()
    assert event.status == "processed" and sub_of(user).expires_at.year == 2099
