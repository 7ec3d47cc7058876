from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.push.simple import MemoryPushProvider
from notifications.tests.factories import DeviceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_outbox(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 4
    MemoryPushProvider.outbox.clear()


@pytest.fixture(autouse=True)
def _eager_retries():
    """Eager mode runs a retry in place only when errors do not propagate (as on a real worker)."""
    from honeydue.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def push_delivery_for(user):
    return Delivery.objects.get(notification__user=user, channel="push")


def test_failing_push_is_retried_with_backoff_then_dead_lettered(django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, email_enabled=False)
    DeviceFactory(user=user, token="fail-" + "1" * 59)
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(user=user)
    delivery = push_delivery_for(user)
    assert delivery.status == Delivery.Status.DEAD
    assert delivery.attempts == 4
    assert delivery.dead_lettered_at is not None
    assert "simulated outage" in delivery.last_error


def test_the_deliver_job_declares_exponential_backoff():
    from notifications.tasks import deliver

    assert deliver.autoretry_for == (services.DeliveryFailed,)
    assert deliver.retry_backoff and deliver.retry_jitter
    assert deliver.retry_backoff_max > deliver.retry_backoff


def test_replay_resends_a_dead_letter_exactly_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, email_enabled=False)
    device = DeviceFactory(user=user, token="fail-" + "2" * 59)
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(user=user)
    device.token = "3" * 64  # the provider outage is over
    device.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_dead_letters")
        call_command("replay_dead_letters")  # a second run finds nothing dead
    delivery = push_delivery_for(user)
    assert delivery.status == Delivery.Status.SENT and delivery.replayed_at is not None
    assert len(MemoryPushProvider.outbox) == 1


def test_replay_filters_by_kind_and_age_and_dry_run_changes_nothing(capsys):
    old, new = UserFactory(), UserFactory()
    now = timezone.now()
    for user, dead_at in ((old, now - timedelta(days=3)), (new, now - timedelta(minutes=5))):
        note = Notification.objects.create(user=user, kind=Kind.TEST, title="t")
        Delivery.objects.create(notification=note, channel="push", status="dead", attempts=4, dead_lettered_at=dead_at)
    call_command("replay_dead_letters", "--older-than", "1d", "--dry-run")
    assert "1 dead-lettered deliveries would replay" in capsys.readouterr().out
    assert Delivery.objects.filter(status="dead").count() == 2
    assert services.dead_letters_replay(kind=Kind.DAILY_DIGEST) == []
    replayed = services.dead_letters_replay(kind=Kind.TEST, newer_than=timedelta(hours=1))
    assert replayed == [push_delivery_for(new).pk]
    assert push_delivery_for(old).status == Delivery.Status.DEAD


def test_replay_rejects_a_bad_duration():
    with pytest.raises(CommandError):
        call_command("replay_dead_letters", "--older-than", "yesterday")


def test_sending_the_same_delivery_twice_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    DeviceFactory(user=user)
    note = services.notification_send(user=user)  # on_commit not run: still pending
    delivery = note.deliveries.get(channel="push")
    assert services.delivery_send(delivery.pk) == Delivery.Status.SENT
    assert services.delivery_send(delivery.pk) is None
    assert len(MemoryPushProvider.outbox) == 1


def test_stale_pending_deliveries_are_requeued_by_the_tick(django_capture_on_commit_callbacks, settings):
    settings.DELIVERY_STALE_AFTER_SECONDS = 60
    user = UserFactory()
    DeviceFactory(user=user)
    note = services.notification_send(user=user)  # the enqueue was lost (broker down)
    Delivery.objects.filter(notification=note).update(updated_at=timezone.now() - timedelta(minutes=5))
    services.reminder_tick()
    assert push_delivery_for(user).status == Delivery.Status.SENT


def test_send_test_notification_command_uses_every_allowed_channel(django_capture_on_commit_callbacks, capsys):
    user = UserFactory(email="ana@example.com", locale="fr")
    DeviceFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_notification", "ANA@example.com")
    assert "queued: email, push" in capsys.readouterr().out
    assert mail.outbox[0].subject == "honeyDue: Notification de test"
    assert MemoryPushProvider.outbox[0]["message"].title == "Notification de test"


def test_send_test_notification_for_an_unknown_email_fails():
    with pytest.raises(CommandError):
        call_command("send_test_notification", "nobody@example.com")
