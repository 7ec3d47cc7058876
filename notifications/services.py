"""Every write of the notifications app: the reminder tick, deliveries, replays, devices, inbox, preferences."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from notifications import content as texts
from notifications import rules, selectors
from notifications.email import build_email
from notifications.events import publish_user_events
from notifications.models import (
    SCHEDULED_KINDS,
    Delivery,
    Device,
    Kind,
    Notification,
    NotificationPreference,
    ReminderSweep,
)
from notifications.push import PushError, PushMessage, get_provider

logger = logging.getLogger(__name__)

# Reminders stay in the inbox and on the phone; mail is for the digest, warranties and tests.
EMAIL_KINDS = frozenset({Kind.DAILY_DIGEST, Kind.WARRANTY_REMINDER, Kind.TEST})
BEAT_HEARTBEAT_KEY = "notifications:beat:last_tick"
UNFINISHED = (Delivery.Status.PENDING, Delivery.Status.FAILED)


class DeliveryFailed(Exception):
    """A transient failure of one delivery attempt; the job retries it with backoff."""


# --- Scheduled reminders -----------------------------------------------------------


@dataclass
class TickReport:
    sweeps: int = 0
    notifications: int = 0
    requeued: int = 0


def reminder_tick(*, now: datetime | None = None, chunk_size: int | None = None) -> TickReport:
    """One beat tick: every (kind, time zone) whose local target hour has passed today and was not swept yet.

    Safe to run at any cadence, twice at once, or again after a crash: a sweep
    only inserts notifications the (user, kind, local date) constraint lets in.
    """
    now = now or timezone.now()
    chunk_size = chunk_size or settings.REMINDER_CHUNK_SIZE
    report = TickReport()
    hours = rules.scheduled_hours(settings)
    if selectors.document_model() is None:
        hours.pop(Kind.WARRANTY_REMINDER)
    due = [
        (kind, tz_name, local_date)
        for tz_name in selectors.timezones_in_use()
        for kind, hour in hours.items()
        if (local_date := rules.due_local_date(now, tz_name, hour)) is not None
    ]
    done = selectors.finished_sweeps(d for _, _, d in due) if due else set()
    for kind, tz_name, local_date in due:
        if (kind, tz_name, local_date) in done:
            continue
        report.notifications += reminders_sweep(
            kind=kind, tz_name=tz_name, local_date=local_date, chunk_size=chunk_size
        )
        report.sweeps += 1
    report.requeued = deliveries_requeue_stale(now=now)
    cache.set(BEAT_HEARTBEAT_KEY, now.isoformat(), timeout=None)
    return report


def reminders_sweep(*, kind: str, tz_name: str, local_date: date, chunk_size: int) -> int:
    """Notify every user of one time zone for one kind and local date, in id-ordered chunks."""
    after_id, created = 0, 0
    while True:
        users = selectors.users_to_remind_chunk(
            kind=kind, tz_name=tz_name, local_date=local_date, after_id=after_id, limit=chunk_size
        )
        if not users:
            break
        after_id = users[-1].pk
        created += _remind_chunk(kind, users, local_date)
        if len(users) < chunk_size:
            break
    ReminderSweep.objects.bulk_create(
        [ReminderSweep(kind=kind, timezone=tz_name, local_date=local_date, users_notified=created)],
        ignore_conflicts=True,
    )
    return created


def _remind_chunk(kind: str, users: list, local_date: date) -> int:
    content_by_user = selectors.CONTENT_SELECTORS[kind]([u.pk for u in users], local_date)
    rows = []
    for user in users:
        content = content_by_user.get(user.pk)
        if not content:
            continue
        title, body = texts.render(kind, content, user.locale)
        rows.append(
            (
                user.pk,
                kind,
                title,
                body,
                texts.data_for(kind, content, local_date),
                texts.residence_for(kind, content),
                local_date,
            )
        )
    if not rows:
        return 0
    with transaction.atomic():
        created = _insert_notifications(rows)
        _create_deliveries(created, {u.pk: u for u in users})
    return len(created)


def _insert_notifications(rows: list[tuple]) -> list[tuple[int, int, str, str]]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: only the rows this call really created come back."""
    data_field = Notification._meta.get_field("data")
    now = timezone.now()
    params: list = []
    for user_id, kind, title, body, data, residence_id, local_date in rows:
        params += [
            user_id,
            kind,
            title,
            body,
            data_field.get_db_prep_save(data, connection),
            residence_id,
            local_date,
            now,
        ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    table = connection.ops.quote_name(Notification._meta.db_table)
    sql = (
        f"INSERT INTO {table} (user_id, kind, title, body, data, residence_id, local_date, created_at) "  # noqa: S608
        f"VALUES {values} ON CONFLICT DO NOTHING RETURNING id, user_id, kind, title"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _create_deliveries(created: list[tuple[int, int, str, str]], users: dict[int, object]) -> list[int]:
    user_ids = [user_id for _, user_id, _, _ in created]
    prefs = selectors.preferences_by_user(user_ids)
    with_devices = selectors.push_capable_user_ids(user_ids)
    deliveries, events = [], []
    for notification_id, user_id, kind, title in created:
        pref = prefs.get(user_id) or NotificationPreference()
        if pref.push_enabled and user_id in with_devices:
            deliveries.append(Delivery(notification_id=notification_id, channel=Delivery.Channel.PUSH))
        if pref.email_enabled and kind in EMAIL_KINDS and users[user_id].email_verified:
            deliveries.append(Delivery(notification_id=notification_id, channel=Delivery.Channel.EMAIL))
        events.append(("notification.created", user_id, {"id": notification_id, "kind": kind, "title": title}))
    delivery_ids = [d.pk for d in Delivery.objects.bulk_create(deliveries)]
    if delivery_ids:
        transaction.on_commit(lambda: enqueue_deliveries(delivery_ids))
    publish_user_events(events)
    return delivery_ids


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    """Hand deliveries to the workers: one fan-out job per batch keeps the tick short.

    If the broker is down, the deliveries stay pending and the tick's stale sweep requeues them.
    """
    from notifications.tasks import fan_out_deliveries

    try:
        fan_out_deliveries.delay(delivery_ids)
    except Exception:  # the broker is down: requeued later by deliveries_requeue_stale
        logger.exception("could not enqueue deliveries", extra={"count": len(delivery_ids)})


def deliveries_fan_out(delivery_ids: list[int]) -> None:
    """One `deliver` job per delivery, over one broker connection (each retries on its own)."""
    from notifications.tasks import deliver

    with deliver.app.producer_or_acquire() as producer:
        for delivery_id in delivery_ids:
            deliver.apply_async((delivery_id,), producer=producer)


def deliveries_requeue_stale(*, now: datetime | None = None) -> int:
    """Re-enqueue deliveries nobody has touched for a while (lost message, broker outage, killed worker)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.DELIVERY_STALE_AFTER_SECONDS)
    ids = list(
        Delivery.objects.filter(status__in=UNFINISHED, updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:10000]
    )
    if ids:
        Delivery.objects.filter(pk__in=ids, status__in=UNFINISHED).update(updated_at=now)
        enqueue_deliveries(ids)
    return len(ids)


# --- One-off notifications -----------------------------------------------------------


def notification_send(
    *,
    user,
    kind: str = Kind.TEST,
    title: str = "",
    body: str = "",
    data: dict | None = None,
    residence_id: int | None = None,
) -> Notification:
    """Create an unscheduled inbox item (e.g. a test) and deliver it over the channels the user allows."""
    if kind in SCHEDULED_KINDS:
        raise ValueError("scheduled kinds are created by the reminder tick")
    if not title:
        title, body = texts.render(kind, None, user.locale)
    with transaction.atomic():
        created = _insert_notifications([(user.pk, kind, title, body, data or {"kind": kind}, residence_id, None)])
        _create_deliveries(created, {user.pk: user})
    return Notification.objects.get(pk=created[0][0])


# --- Delivery ---------------------------------------------------------------------------


def delivery_send(delivery_id: int) -> str | None:
    """Send one delivery at most once: the row lock and the status check make redeliveries no-ops.

    The send happens inside the transaction that marks the delivery sent; a worker
    killed mid-send rolls back to pending and the redelivered job sends it again.
    """
    with transaction.atomic():
        # A redelivered, requeued or replayed job for the same delivery waits here, then finds it sent.
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__user")
            .filter(pk=delivery_id, status__in=UNFINISHED)
            .first()
        )
        if delivery is None:
            return None
        notification = delivery.notification
        user = notification.user
        prefs = selectors.preferences_of(user)
        if not (user.is_active and prefs.wants_kind(notification.kind) and prefs.wants_channel(delivery.channel)):
            status, error = Delivery.Status.SKIPPED, "turned off in preferences"
        elif delivery.channel == Delivery.Channel.PUSH:
            status, error = _send_push(delivery, notification, user)
        else:
            status, error = _send_email(notification, user)
        delivery.status = status
        delivery.attempts += 1
        delivery.last_error = error
        delivery.sent_at = timezone.now() if status == Delivery.Status.SENT else None
        delivery.save(update_fields=["status", "attempts", "last_error", "sent_at", "updated_at"])
        return status


def _send_push(delivery: Delivery, notification: Notification, user) -> tuple[str, str]:
    devices = list(Device.objects.filter(user=user, is_active=True).order_by("pk"))
    if not devices:
        return Delivery.Status.SKIPPED, "no active device"
    message = PushMessage(
        title=notification.title,
        body=notification.body,
        data={"notification_id": notification.pk, "kind": notification.kind},
        collapse_id=f"{notification.kind}:{notification.local_date or notification.pk}",
    )
    provider = get_provider()
    sent, refused = 0, []
    for device in devices:
        try:
            result = provider.send(
                platform=device.platform, token=device.token, message=message, delivery_id=delivery.pk
            )
        except PushError as exc:
            raise DeliveryFailed(str(exc)) from exc
        if result.token_dead:
            device.is_active = False
            device.deactivated_reason = result.reason[:100]
            device.save(update_fields=["is_active", "deactivated_reason"])
        if result.ok:
            sent += 1
        else:
            refused.append(result.reason)
    if sent:
        return Delivery.Status.SENT, ""
    return Delivery.Status.SKIPPED, f"no device accepted the push ({', '.join(refused)})"[:2000]


def _send_email(notification: Notification, user) -> tuple[str, str]:
    if not user.email_verified:
        return Delivery.Status.SKIPPED, "email not verified"
    try:
        build_email(notification, user).send()
    except Exception as exc:  # SMTP, network, backend errors: all transient for us
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
    return Delivery.Status.SENT, ""


def delivery_record_failure(delivery_id: int, error: str) -> bool:
    """Count a failed attempt; after NOTIFICATION_MAX_ATTEMPTS the delivery is dead-lettered. True when dead."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id, status__in=UNFINISHED).first()
        if delivery is None:
            return True
        delivery.attempts += 1
        delivery.last_error = error[:2000]
        if delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.DEAD
            delivery.dead_lettered_at = timezone.now()
            logger.warning("delivery dead-lettered", extra={"delivery_id": delivery_id, "error": error[:200]})
        else:
            delivery.status = Delivery.Status.FAILED
        delivery.save(update_fields=["attempts", "last_error", "status", "dead_lettered_at", "updated_at"])
        return delivery.status == Delivery.Status.DEAD


def dead_letters_replay(
    *,
    kind: str | None = None,
    older_than: timedelta | None = None,
    newer_than: timedelta | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
) -> list[int]:
    """Put matching dead deliveries back to pending and enqueue each once; returns their ids.

    The dead → pending UPDATE is conditional, so two replays running together
    enqueue each delivery once, and the send itself is idempotent.
    """
    now = now or timezone.now()
    dead = Delivery.objects.filter(status=Delivery.Status.DEAD)
    if kind:
        dead = dead.filter(notification__kind=kind)
    if older_than is not None:
        dead = dead.filter(dead_lettered_at__lt=now - older_than)
    if newer_than is not None:
        dead = dead.filter(dead_lettered_at__gte=now - newer_than)
    ids = list(dead.order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return ids
    return dead_letters_replay_ids(ids, now=now)


def dead_letters_replay_ids(ids: list[int], *, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    replayed = []
    for delivery_id in ids:
        with transaction.atomic():
            claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.DEAD).update(
                status=Delivery.Status.PENDING, attempts=0, replayed_at=now, updated_at=now
            )
            if claimed:
                replayed.append(delivery_id)
                transaction.on_commit(lambda delivery_id=delivery_id: enqueue_deliveries([delivery_id]))
    return replayed


# --- Devices, inbox, preferences -------------------------------------------------------


def device_register(*, user, platform: str, token: str, app_version: str = "") -> tuple[Device, bool]:
    """Register a push token (created=True) or refresh it; a token re-registered by another user moves to them."""
    for _ in range(2):
        with transaction.atomic():
            # Two phones (or two users on one phone) registering the same token: the row lock serialises them.
            device = Device.objects.select_for_update().filter(token=token).first()
            if device is not None:
                device.user = user
                device.platform = platform
                device.app_version = app_version or device.app_version
                device.is_active = True
                device.deactivated_reason = ""
                device.save()
                return device, False
            try:
                with transaction.atomic():
                    return Device.objects.create(
                        user=user, platform=platform, token=token, app_version=app_version
                    ), True
            except IntegrityError:
                continue  # inserted concurrently: take the update path
    raise IntegrityError("device token registration raced twice")


def device_unregister(*, user, token: str) -> bool:
    deleted, _ = Device.objects.filter(user=user, token=token).delete()
    return bool(deleted)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_update(*, user, **changes) -> NotificationPreference:
    with transaction.atomic():
        prefs, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        for field, value in changes.items():
            setattr(prefs, field, value)
        prefs.save()
    return prefs
