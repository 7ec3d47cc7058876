"""Test helpers: tasks and completions made directly (the tasks app's services are another team's)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from residences.models import TaskFrequency
from tasks.models import Completion, Task


def make_task(residence, *, due: date | None, title: str = "Replace HVAC filter", frequency: str = "once", **fields):
    if not TaskFrequency.objects.exists():  # a transactional test flushed the seeded lookups
        from django.apps import apps

        from residences.static_data import seed

        seed(lambda name: apps.get_model("residences", name))
    freq = TaskFrequency.objects.get(key=frequency)
    return Task.objects.create(
        residence=residence, title=title, due_date=due, frequency=freq, frequency_key=freq.key, **fields
    )


def complete(task, *, on: date, by=None):
    return Completion.objects.create(
        task=task,
        residence_id=task.residence_id,
        completed_by=by,
        completed_at=timezone.now(),
        completed_on=on,
        task_before={},
    )


def at_local(tz: str, *args) -> datetime:
    """An aware UTC instant for a wall-clock time in `tz`."""
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)
