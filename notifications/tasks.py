"""Thin Celery jobs: take ids, call a service."""

from celery import shared_task
from django.conf import settings

from notifications import services


@shared_task(name="notifications.reminder_tick", acks_late=True)
def reminder_tick() -> dict:
    report = services.reminder_tick()
    return {"sweeps": report.sweeps, "notifications": report.notifications, "requeued": report.requeued}


@shared_task(name="notifications.fan_out_deliveries", acks_late=True)
def fan_out_deliveries(delivery_ids: list[int]) -> int:
    # Redelivered after a crash, this enqueues some deliveries twice: harmless, sending is idempotent.
    services.deliveries_fan_out(delivery_ids)
    return len(delivery_ids)


@shared_task(
    bind=True,
    name="notifications.deliver",
    acks_late=True,
    autoretry_for=(services.DeliveryFailed,),
    retry_backoff=settings.NOTIFICATION_RETRY_BACKOFF,
    retry_backoff_max=settings.NOTIFICATION_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    # The attempt count lives on the Delivery row (it survives requeues and replays):
    # delivery_record_failure dead-letters at NOTIFICATION_MAX_ATTEMPTS and we stop raising.
    max_retries=None,
)
def deliver(self, delivery_id: int) -> str | None:
    try:
        return services.delivery_send(delivery_id)
    except services.DeliveryFailed as exc:
        if services.delivery_record_failure(delivery_id, str(exc)):
            return "dead"  # dead-lettered: visible in the admin, replayable with manage.py replay_dead_letters
        raise  # autoretry_for schedules the next attempt with exponential backoff
