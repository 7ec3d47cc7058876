"""Pure task rules: board column, allowed transitions, next due date.

Views, services, jobs and the admin all call these; nothing here touches the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

DEFAULT_BOARD_DAYS = 30
MAX_BOARD_DAYS = 365

# Board columns in display order; the first matching rule wins.
ARCHIVED = "archived"
CANCELLED = "cancelled"
COMPLETED = "completed"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
UPCOMING = "upcoming"
COLUMNS: tuple[str, ...] = (ARCHIVED, CANCELLED, COMPLETED, IN_PROGRESS, OVERDUE, DUE_SOON, UPCOMING)

# Actions a caller can take on a task.
START = "start"
COMPLETE = "complete"
QUICK_COMPLETE = "quick_complete"
CANCEL = "cancel"
UNCANCEL = "uncancel"
ARCHIVE = "archive"
UNARCHIVE = "unarchive"
EDIT = "edit"
UNDO_COMPLETION = "undo_completion"
ACTIONS: tuple[str, ...] = (START, COMPLETE, QUICK_COMPLETE, CANCEL, UNCANCEL, ARCHIVE, UNARCHIVE, EDIT)

# Two completions of one task closer together than this are the same tap on two phones:
# the second is refused with 409 conflict, so the due date advances once.
COMPLETION_DEDUPE_SECONDS = 10


class TaskState(Protocol):
    """The task fields the rules read (a Task instance, or anything shaped like one)."""

    frequency_key: str
    due_date: dt.date | None
    in_progress: bool
    is_cancelled: bool
    is_archived: bool
    completed_at: dt.datetime | None


def is_one_time(task: TaskState) -> bool:
    return task.frequency_key == "once"


def is_active(task: TaskState) -> bool:
    """Not cancelled, archived or (one-time) completed."""
    return not (task.is_cancelled or task.is_archived or task.completed_at is not None)


def board_column(task: TaskState, today: dt.date, days: int = DEFAULT_BOARD_DAYS) -> str:
    """The one board column of `task` on the caller's local date `today`."""
    if task.is_archived:
        return ARCHIVED
    if task.is_cancelled:
        return CANCELLED
    if task.completed_at is not None:
        return COMPLETED
    if task.in_progress:
        return IN_PROGRESS
    if task.due_date is not None and task.due_date < today:
        return OVERDUE
    if task.due_date is not None and task.due_date <= today + dt.timedelta(days=days):
        return DUE_SOON
    return UPCOMING


def is_overdue(task: TaskState, today: dt.date) -> bool:
    """Active, with a due date before the caller's local date (in progress or not)."""
    return is_active(task) and task.due_date is not None and task.due_date < today


def allowed(action: str, task: TaskState) -> bool:
    """Whether `action` is a valid transition from the task's current state (DESIGN "Transitions")."""
    if action == START:
        return is_active(task) and not task.in_progress
    if action in (COMPLETE, QUICK_COMPLETE):
        return is_active(task)
    if action == CANCEL:
        return not task.is_archived and not task.is_cancelled
    if action == UNCANCEL:
        # An archived task is frozen: unarchive it first.
        return task.is_cancelled and not task.is_archived
    if action == ARCHIVE:
        return not task.is_archived
    if action == UNARCHIVE:
        return task.is_archived
    if action in (EDIT, UNDO_COMPLETION):
        return not task.is_archived
    raise ValueError(f"unknown action {action!r}")


# --- Recurrence -------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """One recurrence step: whole months (clamped to month end) or calendar days."""

    days: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        if (self.days > 0) == (self.months > 0) or self.days < 0 or self.months < 0:
            raise ValueError("an interval is a positive number of days or of months")


def interval_for(frequency_key: str, days: int, months: int, custom_interval_days: int | None) -> Interval | None:
    """The step of a frequency; None for one-time tasks."""
    if frequency_key == "once":
        return None
    if frequency_key == "custom":
        if not custom_interval_days:
            raise ValueError("a custom frequency needs custom_interval_days")
        return Interval(days=custom_interval_days)
    return Interval(days=days, months=months)


def add_months(start: dt.date, months: int) -> dt.date:
    """`start` plus whole months, clamped to the last day of the target month (Jan 31 + 1 → Feb 28/29)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def occurrence(start: dt.date, interval: Interval, k: int) -> dt.date:
    """The k-th occurrence of a series starting at `start` (k = 0 is `start`), counted from the start: no drift."""
    if interval.months:
        return add_months(start, k * interval.months)
    return start + dt.timedelta(days=k * interval.days)


def first_occurrence_after(start: dt.date, interval: Interval, after: dt.date) -> dt.date:
    """The first occurrence start + k·interval (k ≥ 0) strictly after `after`."""
    if start > after:
        return start
    if interval.months:
        elapsed = (after.year - start.year) * 12 + (after.month - start.month)
        k = max(0, elapsed // interval.months - 1)
    else:
        k = (after - start).days // interval.days
    candidate = occurrence(start, interval, k)
    while candidate <= after:
        k += 1
        candidate = occurrence(start, interval, k)
    return candidate


def next_due_date(
    *,
    anchor: str,
    interval: Interval,
    completed_on: dt.date,
    closed_due_date: dt.date | None,
    series_start: dt.date | None,
) -> dt.date:
    """The due date after a completion on the local date `completed_on` (D).

    - anchor "completion": D + one interval.
    - anchor "schedule": the first occurrence of the series (counted from `series_start`) after
      max(D, closed due date). Without a series start the series starts at the closed due date, or D.
    """
    if anchor == "completion":
        return occurrence(completed_on, interval, 1)
    if anchor != "schedule":
        raise ValueError(f"unknown recurrence anchor {anchor!r}")
    start = series_start or closed_due_date or completed_on
    after = max(completed_on, closed_due_date) if closed_due_date else completed_on
    return first_occurrence_after(start, interval, after)
