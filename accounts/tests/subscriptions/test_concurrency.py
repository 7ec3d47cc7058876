"""Twenty deliveries of one store event at once: stored once, processed once."""

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import StoreEvent, Subscription
from accounts.tests.factories import UserFactory
from accounts.tests.subscriptions.apple_pki import notification_payload, transaction_payload

DELIVERIES = 20


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_deliveries_of_one_event_are_stored_once_and_processed_once(apple_chain, caplog):
    user = UserFactory()
    now = datetime.now(UTC)
    subscription = Subscription.objects.create(
        user=user, tier="pro", source="apple", status="active", store_reference="2000000000000001",
        expires_at=now + timedelta(days=1), last_event_at=now - timedelta(days=29),
    )  # fmt: skip
    payload = notification_payload(
        apple_chain, "DID_RENEW", transaction=transaction_payload(expires=now + timedelta(days=31))
    )
    body = {"signedPayload": apple_chain.sign(payload)}
    barrier = threading.Barrier(DELIVERIES)
    statuses: list[int] = []
    errors: list[BaseException] = []
    caplog.set_level(logging.INFO, logger="accounts.subscriptions.services")

    def deliver():
        try:
            client = APIClient()
            barrier.wait(timeout=30)
            statuses.append(client.post("/api/webhooks/apple/", body, format="json").status_code)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert statuses == [200] * DELIVERIES
    event = StoreEvent.objects.get()
    assert event.status == "processed" and event.attempts == 1
    processed = [r for r in caplog.records if r.getMessage().startswith(f"store event {event.pk} processed")]
    assert len(processed) == 1
    stored = [r for r in caplog.records if r.getMessage().endswith(" stored")]
    assert len(stored) == 1
    subscription.refresh_from_db()
    assert subscription.expires_at.date() == (now + timedelta(days=31)).date()
