"""Two workers or two phones at once: real threads, real connections, real row locks."""

import threading

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Delivery, Device, Notification
from notifications.push.simple import MemoryPushProvider
from notifications.tests.factories import DeviceFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def together(fn, times: int = 2) -> list:
    """Run fn in `times` threads released at the same moment; return results or exceptions."""
    barrier = threading.Barrier(times)
    results: list = []

    def run():
        barrier.wait()
        try:
            results.append(fn())
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_a_delivery_picked_up_by_two_workers_at_once_is_sent_once(settings):
    settings.PUSH_BACKEND = "memory"
    MemoryPushProvider.outbox.clear()
    user = UserFactory()
    DeviceFactory(user=user)
    note = Notification.objects.create(user=user, kind="test", title="Once")
    delivery = Delivery.objects.create(notification=note, channel="push")
    results = together(lambda: services.delivery_send(delivery.pk), times=4)
    assert sorted(results, key=str) == [None, None, None, "sent"]
    assert len(MemoryPushProvider.outbox) == 1


def test_one_token_registered_by_two_users_at_once_ends_with_one_device():
    first, second = UserFactory(), UserFactory()
    users = iter([first, second])
    lock = threading.Lock()

    def register():
        with lock:
            user = next(users)
        return services.device_register(user=user, platform="ios", token="f" * 64)

    results = together(register)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(created for _, created in results) == [False, True]
    assert Device.objects.filter(token="f" * 64).count() == 1
