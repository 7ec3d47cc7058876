from datetime import date, timedelta

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Delivery, Kind, Notification, NotificationPreference, ReminderSweep
from notifications.push.simple import MemoryPushProvider
from notifications.selectors import document_model
from notifications.tests.factories import DeviceFactory
from notifications.tests.helpers import at_local, complete, make_task
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _hours(settings):
    settings.TASK_REMINDER_HOUR = 8
    settings.OVERDUE_REMINDER_HOUR = 9
    settings.DAILY_DIGEST_HOUR = 7
    settings.WARRANTY_REMINDER_HOUR = 10
    MemoryPushProvider.outbox.clear()


def kinds_of(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_nothing_is_sent_before_the_users_local_hour():
    user = UserFactory(timezone="Europe/Paris")
    make_task(ResidenceFactory(owner=user), due=DAY)
    services.reminder_tick(now=at_local("Europe/Paris", 2026, 6, 15, 6, 59))
    assert kinds_of(user) == []


def test_task_reminder_fires_at_the_local_hour_and_only_once():
    user = UserFactory(timezone="Asia/Tokyo")
    home = ResidenceFactory(owner=user)
    make_task(home, due=DAY, title="Clean gutters")
    make_task(home, due=DAY + timedelta(days=1), title="Test smoke alarm")
    make_task(home, due=DAY + timedelta(days=2), title="Later")
    make_task(home, due=DAY, title="Cancelled", is_cancelled=True)
    for minute in (0, 5, 10):
        services.reminder_tick(now=at_local("Asia/Tokyo", 2026, 6, 15, 8, minute))
    reminder = Notification.objects.get(user=user, kind=Kind.TASK_REMINDER)
    assert reminder.local_date == DAY
    assert reminder.title == "2 tasks due soon"
    assert "Clean gutters" in reminder.body and "Test smoke alarm" in reminder.body and "Later" not in reminder.body
    assert reminder.residence_id == home.pk


def test_each_user_gets_reminders_on_their_own_local_date():
    tokyo = UserFactory(timezone="Asia/Tokyo")
    la = UserFactory(timezone="America/Los_Angeles")
    make_task(ResidenceFactory(owner=tokyo), due=DAY)
    make_task(ResidenceFactory(owner=la), due=DAY - timedelta(days=1))
    now = at_local("Asia/Tokyo", 2026, 6, 15, 8, 30)  # 16:30 on June 14 in Los Angeles
    services.reminder_tick(now=now)
    assert Notification.objects.get(user=tokyo, kind=Kind.TASK_REMINDER).local_date == DAY
    assert Notification.objects.get(user=la, kind=Kind.TASK_REMINDER).local_date == DAY - timedelta(days=1)


def test_overdue_reminder_uses_the_local_today_and_skips_inactive_tasks():
    user = UserFactory(timezone="America/New_York")
    home = ResidenceFactory(owner=user)
    make_task(home, due=DAY - timedelta(days=3), title="Overdue one")
    make_task(home, due=DAY - timedelta(days=3), title="Archived", is_archived=True)
    make_task(home, due=DAY - timedelta(days=3), title="Being done", in_progress=True)
    make_task(home, due=DAY, title="Due today, not overdue")
    services.reminder_tick(now=at_local("America/New_York", 2026, 6, 15, 9, 0))
    overdue = Notification.objects.get(user=user, kind=Kind.OVERDUE_REMINDER)
    assert overdue.title == "1 overdue task"
    assert overdue.body == "Still waiting: Overdue one"


def test_members_of_a_shared_residence_each_get_a_reminder_but_outsiders_do_not():
    owner, member, outsider = UserFactory(), UserFactory(), UserFactory()
    home = ResidenceFactory(owner=owner)
    add_member(home, member)
    ResidenceFactory(owner=outsider)
    make_task(home, due=DAY)
    services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 8, 0))
    assert kinds_of(owner) == kinds_of(member) == ["daily_digest", "task_reminder"]
    assert kinds_of(outsider) == []


def test_daily_digest_counts_overdue_due_soon_and_done_yesterday_and_is_emailed(django_capture_on_commit_callbacks):
    user = UserFactory(timezone="Europe/Madrid", locale="es", first_name="Ana")
    home = ResidenceFactory(owner=user)
    make_task(home, due=DAY - timedelta(days=1))
    make_task(home, due=DAY + timedelta(days=10))
    make_task(home, due=DAY + timedelta(days=40))  # beyond "due soon"
    done = make_task(home, due=DAY + timedelta(days=5), frequency="monthly")
    complete(done, on=DAY - timedelta(days=1), by=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_tick(now=at_local("Europe/Madrid", 2026, 6, 15, 7, 0))
    digest = Notification.objects.get(user=user, kind=Kind.DAILY_DIGEST)
    assert digest.data == {
        "kind": "daily_digest",
        "local_date": "2026-06-15",
        "overdue": 1,
        "due_soon": 2,
        "completed_yesterday": 1,
    }
    assert digest.title == "Tu resumen diario de honeyDue"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [user.email]
    assert "Hola Ana" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and "Completadas ayer" in html
    assert Delivery.objects.get(notification=digest, channel="email").status == Delivery.Status.SENT


def test_turned_off_kinds_are_not_created():
    user = UserFactory()
    NotificationPreference.objects.create(user=user, task_reminders=False)
    make_task(ResidenceFactory(owner=user), due=DAY)
    services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 12, 0))
    assert kinds_of(user) == ["daily_digest"]


def test_push_goes_to_active_devices_and_email_only_when_allowed(django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationPreference.objects.create(user=user, email_enabled=False)
    phone = DeviceFactory(user=user)
    DeviceFactory(user=user, is_active=False)
    make_task(ResidenceFactory(owner=user), due=DAY - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 7, 0))  # digest only
    assert mail.outbox == []
    assert [p["token"] for p in MemoryPushProvider.outbox] == [phone.token]
    assert MemoryPushProvider.outbox[0]["message"].collapse_id == "daily_digest:2026-06-15"
    assert list(Delivery.objects.values_list("channel", "status")) == [("push", "sent")]


def test_a_channel_turned_off_after_queueing_is_skipped_at_send_time():
    user = UserFactory()
    DeviceFactory(user=user)
    make_task(ResidenceFactory(owner=user), due=DAY - timedelta(days=1))
    services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 7, 0))  # on_commit not run: deliveries stay pending
    services.preferences_update(user=user, push_enabled=False)
    push = Delivery.objects.get(channel="push")
    assert services.delivery_send(push.pk) == Delivery.Status.SKIPPED
    assert MemoryPushProvider.outbox == []


def test_dead_tokens_are_deactivated_and_live_ones_still_get_the_push(django_capture_on_commit_callbacks):
    user = UserFactory()
    dead = DeviceFactory(user=user, token="dead-" + "0" * 60)
    live = DeviceFactory(user=user)
    make_task(ResidenceFactory(owner=user), due=DAY - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 7, 0))
    dead.refresh_from_db()
    assert (dead.is_active, dead.deactivated_reason) == (False, "Unregistered")
    assert [p["token"] for p in MemoryPushProvider.outbox] == [live.token]


def test_a_finished_sweep_is_remembered_so_later_ticks_skip_the_time_zone(django_assert_max_num_queries):
    user = UserFactory(timezone="Europe/Berlin")
    make_task(ResidenceFactory(owner=user), due=DAY)
    services.reminder_tick(now=at_local("Europe/Berlin", 2026, 6, 15, 12, 0))
    kinds = 4 if document_model() else 3  # warranty reminders once documents.Document exists
    assert ReminderSweep.objects.filter(timezone="Europe/Berlin", local_date=DAY).count() == kinds
    with django_assert_max_num_queries(4):  # time zones, finished sweeps, stale deliveries, heartbeat-free
        services.reminder_tick(now=at_local("Europe/Berlin", 2026, 6, 15, 12, 5))


def test_a_task_due_later_that_day_does_not_create_a_second_reminder():
    user = UserFactory()
    home = ResidenceFactory(owner=user)
    make_task(home, due=DAY)
    services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 8, 0))
    ReminderSweep.objects.all().delete()  # even when the sweep record is lost, the constraint holds
    make_task(home, due=DAY, title="Another")
    services.reminder_tick(now=at_local("UTC", 2026, 6, 15, 8, 5))
    assert Notification.objects.filter(user=user, kind=Kind.TASK_REMINDER).count() == 1


def test_dst_skipped_hour_fires_at_the_next_existing_local_hour(settings):
    settings.TASK_REMINDER_HOUR = 2  # 02:00-02:59 does not exist in New York on 2026-03-08
    user = UserFactory(timezone="America/New_York")
    make_task(ResidenceFactory(owner=user), due=date(2026, 3, 8))
    services.reminder_tick(now=at_local("America/New_York", 2026, 3, 8, 1, 55))
    assert kinds_of(user) == []
    services.reminder_tick(now=at_local("America/New_York", 2026, 3, 8, 1, 55) + timedelta(minutes=5))  # 03:00 EDT
    assert Notification.objects.get(user=user, kind=Kind.TASK_REMINDER).local_date == date(2026, 3, 8)


def test_the_database_refuses_a_second_scheduled_notification_for_the_same_local_date():
    from django.db import IntegrityError

    user = UserFactory()
    Notification.objects.create(user=user, kind=Kind.DAILY_DIGEST, title="a", local_date=DAY)
    with pytest.raises(IntegrityError):
        Notification.objects.create(user=user, kind=Kind.DAILY_DIGEST, title="b", local_date=DAY)
