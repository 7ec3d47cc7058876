"""Pure scheduling rules: when a scheduled kind is due for a time zone, and what a reminder says."""

import zoneinfo
from datetime import date, datetime

from notifications.models import Kind


def hour_for(kind: str, hours: dict[str, int]) -> int:
    return hours[kind]


def due_local_date(now: datetime, tz_name: str, hour: int) -> date | None:
    """The local date a kind is due for in `tz_name` at `now`, or None before the target hour.

    "Local time ≥ target hour today" rather than "local hour == target hour": any
    tick cadence catches it, and on a DST day whose target hour does not exist
    (02:00 → 03:00) the first tick after the jump fires it. The database's
    (user, kind, local date) uniqueness makes every later tick that day a no-op.
    """
    try:
        tz = zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    local = now.astimezone(tz)
    return local.date() if local.hour >= hour else None


def scheduled_hours(settings) -> dict[str, int]:
    return {
        Kind.TASK_REMINDER: settings.TASK_REMINDER_HOUR,
        Kind.OVERDUE_REMINDER: settings.OVERDUE_REMINDER_HOUR,
        Kind.DAILY_DIGEST: settings.DAILY_DIGEST_HOUR,
        Kind.WARRANTY_REMINDER: settings.WARRANTY_REMINDER_HOUR,
    }


def backoff_seconds(attempt: int, base: int = 2, cap: int = 600) -> int:
    """Exponential backoff for the n-th retry (0-based): base·2^n, capped."""
    return min(cap, base * 2**attempt)
