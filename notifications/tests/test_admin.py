import pytest
from django.utils import timezone

from accounts.models import User
from notifications.models import Delivery, Kind, Notification
from notifications.tests.factories import DeviceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = User.objects.create_superuser("staff@example.com", "pw-staff-123456")
    client.force_login(admin)
    return client


def dead_delivery(user):
    note = Notification.objects.create(user=user, kind=Kind.TEST, title="Boom")
    return Delivery.objects.create(
        notification=note,
        channel="push",
        status="dead",
        attempts=6,
        last_error="APNs 503",
        dead_lettered_at=timezone.now(),
    )


def test_dead_letters_are_listed_in_the_admin_with_their_error(staff_client):
    device = DeviceFactory()
    dead = dead_delivery(device.user)
    response = staff_client.get("/admin/notifications/delivery/?status__exact=dead")
    assert response.status_code == 200
    assert f"/admin/notifications/delivery/{dead.pk}/change/" in response.text
    assert "APNs 503" in response.text


def test_the_admin_replay_action_resends_a_dead_letter_once(staff_client, django_capture_on_commit_callbacks):
    device = DeviceFactory()
    dead = dead_delivery(device.user)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            staff_client.post(
                "/admin/notifications/delivery/", {"action": "replay_dead_letters", "_selected_action": [dead.pk]}
            )
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.SENT and dead.attempts == 1
