"""Health of the processes that have no HTTP server: the Celery worker and beat."""

import contextlib
import time
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

BEAT_ALIVE_KEY = "notifications:beat:alive"


def beat_alive_now() -> None:
    """Called by beat's scheduler on every wake-up."""
    with contextlib.suppress(Exception):  # a health beacon must never stop beat
        cache.set(BEAT_ALIVE_KEY, time.time(), timeout=None)


def beat_age_seconds() -> float | None:
    """Seconds since beat last woke up: its Redis heartbeat, else the schedule file's mtime."""
    stamp = cache.get(BEAT_ALIVE_KEY)
    if stamp is not None:
        return max(0.0, time.time() - float(stamp))
    schedule = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
    candidates = [p for p in schedule.parent.glob(schedule.name + "*") if p.is_file()]
    if candidates:
        return max(0.0, time.time() - max(p.stat().st_mtime for p in candidates))
    return None


def last_tick_age_seconds() -> float | None:
    """Seconds since a worker last finished a reminder tick (beat enqueued it, a worker ran it)."""
    from notifications.services import BEAT_HEARTBEAT_KEY

    stamp = cache.get(BEAT_HEARTBEAT_KEY)
    if stamp is None:
        return None
    return max(0.0, (timezone.now() - datetime.fromisoformat(stamp)).total_seconds())


def worker_replies(timeout: float = 3.0, destination: list[str] | None = None) -> list[str]:
    """Names of workers that answered a broker ping."""
    from honeydue.celery import app

    replies = app.control.ping(timeout=timeout, destination=destination) or []
    return sorted(name for reply in replies for name, answer in reply.items() if answer.get("ok") == "pong")
