"""Staff see subscriptions and store events, filter them, and replay failed events."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from accounts import admin_store  # noqa: F401  (registered from accounts/admin.py at integration)
from accounts.models import StoreEvent, Subscription
from accounts.subscriptions import services
from accounts.tests.factories import UserFactory
from accounts.tests.subscriptions.test_api_subscriptions import play_purchase

pytestmark = pytest.mark.django_db

EVENTS = "/admin/accounts/storeevent/"


@pytest.fixture
def staff():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def google_event(event_id: str, token: str = "tok-a") -> StoreEvent:
    event, _ = services.record_store_event(
        provider="google", event_id=event_id, event_type="subscription:2", signed_at=datetime.now(UTC),
        payload={"packageName": "com.example.honeydue",
                 "subscriptionNotification": {"notificationType": 2, "purchaseToken": token}},
    )  # fmt: skip
    return event


def test_staff_filter_store_events_by_status_and_provider(staff):
    failed = google_event("failed-1")
    StoreEvent.objects.filter(pk=failed.pk).update(status="failed", last_error="boom")
    google_event("pending-1")
    response = staff.get(EVENTS, {"status__exact": "failed", "provider__exact": "google"})
    assert response.status_code == 200
    assert b"failed-1" in response.content and b"pending-1" not in response.content


def test_the_reprocess_action_replays_failed_events(staff, committed):
    user = UserFactory()
    Subscription.objects.create(user=user, tier="pro", source="google", status="active", store_reference="tok-a")
    play_purchase("tok-a")["lineItems"][0]["expiryTime"] = "2099-01-01T00:00:00Z"
    event = google_event("replay-1")
    StoreEvent.objects.filter(pk=event.pk).update(status="failed", last_error="Play API answered 503")
    with committed():
        response = staff.post(EVENTS, {"action": "reprocess", "_selected_action": [event.pk]}, follow=True)
    assert response.status_code == 200 and b"1 event queued for reprocessing" in response.content
    event.refresh_from_db()
    assert event.status == "processed" and event.last_error == ""
    assert Subscription.objects.get(user=user).expires_at.year == 2099


def test_staff_can_open_a_subscription_and_an_event(staff):
    user = UserFactory()
    subscription = Subscription.objects.create(user=user)
    event = google_event("detail-1")
    assert staff.get(f"/admin/accounts/subscription/{subscription.pk}/change/").status_code == 200
    assert staff.get(f"{EVENTS}{event.pk}/change/").status_code == 200
    assert staff.get("/admin/accounts/subscription/", {"status__exact": "grace", "q": user.email}).status_code == 200


def test_non_staff_cannot_see_store_events():
    client = Client()
    client.force_login(UserFactory())
    assert client.get(EVENTS).status_code == 302


def test_events_cannot_be_added_by_hand(staff):
    assert staff.get(f"{EVENTS}add/").status_code == 403
