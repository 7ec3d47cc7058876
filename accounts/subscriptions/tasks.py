"""Thin jobs: take an event id, call the service; retries live in the decorator."""

from celery import shared_task
from django.conf import settings

from accounts.subscriptions import services
from accounts.subscriptions.google import StoreUnavailable


@shared_task(
    autoretry_for=(StoreUnavailable,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=settings.STORE_EVENT_MAX_RETRIES,
    acks_late=True,
)
def process_store_event_task(event_pk: int) -> str | None:
    return services.process_store_event(event_pk)


@shared_task
def requeue_stale_store_events() -> int:
    return services.requeue_stale_store_events()
