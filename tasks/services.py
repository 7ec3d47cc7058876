"""Every write to tasks and completions. Views, jobs, the admin and commands call these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from accounts.plans import limits_for, within
from honeydue.cascade_files import delete_cascaded_files_on_commit
from honeydue.exceptions import Conflict, InvalidInput, InvalidTransition, UpgradeRequired
from notifications.events import publish_residence_event
from residences.models import Contractor, Membership, Residence, TaskCategory, TaskFrequency, TaskPriority
from residences.selectors import owner_of
from tasks import rules
from tasks.models import Completion, Task
from tasks.selectors import active_task_counts

# Task fields a completion changes; stored in Completion.task_before so undo restores them exactly.
SNAPSHOT_FIELDS = ("due_date", "series_start_date", "in_progress", "completed_at", "last_completed_at")

# Fields task_update accepts (everything else changes only through a transition).
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "category",
        "priority",
        "frequency",
        "custom_interval_days",
        "recurrence_anchor",
        "due_date",
        "assigned_to",
        "contractor",
        "estimated_cost",
    }
)

# A completion may be dated a little in the future (phone clocks drift), not more.
COMPLETION_CLOCK_SKEW = dt.timedelta(minutes=5)


# --- Helpers -----------------------------------------------------------------------


def _event_data(task: Task) -> dict[str, Any]:
    """The task as sent to websockets: caller-independent fields only (no column/is_overdue)."""
    return {
        "id": task.pk,
        "residence_id": task.residence_id,
        "title": task.title,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "in_progress": task.in_progress,
        "is_cancelled": task.is_cancelled,
        "is_archived": task.is_archived,
        "completed_at": task.completed_at.isoformat() if task.completed_at else None,
        "last_completed_at": task.last_completed_at.isoformat() if task.last_completed_at else None,
        "assigned_to_id": task.assigned_to_id,
        "updated_at": task.updated_at.isoformat() if task.updated_at else None,
    }


def _locked_task(task: Task | int) -> Task:
    pk = task.pk if isinstance(task, Task) else task
    return Task.objects.select_for_update().get(pk=pk)


def _ensure_allowed(action: str, task: Task) -> None:
    if not rules.allowed(action, task):
        raise InvalidTransition()


def _check_active_limit(residence: Residence) -> None:
    """Raise UpgradeRequired if one more active task would exceed the owner's plan.

    The caller holds the residence row lock, so two phones adding the last allowed task serialize here.
    """
    limit = limits_for(owner_of(residence)).max_active_tasks_per_residence
    if not within(limit, active_task_counts([residence.pk]).get(residence.pk, 0)):
        raise UpgradeRequired(
            _("Your plan allows %(limit)s active tasks per residence. Upgrade to Pro to add more.") % {"limit": limit}
        )


def _lock_residence(residence_id: int) -> Residence:
    return Residence.objects.select_for_update().get(pk=residence_id)


def _resolve_lookup(model, value, field: str):
    if value is None or isinstance(value, model):
        return value
    try:
        return model.objects.get(pk=value)
    except (model.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(_("Unknown value."), field=field) from None


def _validate_relations(task: Task) -> None:
    """References inside the residence: contractor and assignee (the DB also enforces both)."""
    if (
        task.contractor_id is not None
        and not Contractor.objects.filter(pk=task.contractor_id, residence_id=task.residence_id).exists()
    ):
        raise InvalidInput(_("No such contractor in this residence."), field="contractor_id")
    if (
        task.assigned_to_id is not None
        and not Membership.objects.filter(user_id=task.assigned_to_id, residence_id=task.residence_id).exists()
    ):
        raise InvalidInput(_("The assignee must be a member of this residence."), field="assigned_to_id")


def _validate_recurrence(task: Task) -> None:
    task.frequency_key = task.frequency.key
    if task.frequency.is_custom:
        days = task.custom_interval_days
        if days is None or not 1 <= days <= 3650:
            raise InvalidInput(_("A custom frequency needs 1 to 3650 days."), field="custom_interval_days")
    else:
        task.custom_interval_days = None
    if task.completed_at is not None and not task.frequency.is_one_time:
        raise InvalidInput(_("A completed one-time task cannot become recurring."), field="frequency_id")
    if task.recurrence_anchor not in Task.Anchor.values:
        raise InvalidInput(_("Unknown recurrence anchor."), field="recurrence_anchor")
    if task.estimated_cost is not None and Decimal(task.estimated_cost) < 0:
        raise InvalidInput(_("Must be zero or more."), field="estimated_cost")
    if not (task.title or "").strip():
        raise InvalidInput(_("This field may not be blank."), field="title")


def _interval(task: Task) -> rules.Interval | None:
    freq = task.frequency
    return rules.interval_for(task.frequency_key, freq.days, freq.months, task.custom_interval_days)


def _resolve_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Accept ids or instances for the lookups."""
    resolved = dict(fields)
    for name, model in (("category", TaskCategory), ("priority", TaskPriority), ("frequency", TaskFrequency)):
        if name in resolved:
            resolved[name] = _resolve_lookup(model, resolved[name], f"{name}_id")
    return resolved


def _set_relation_ids(task: Task, fields: dict[str, Any]) -> None:
    for name in ("assigned_to", "contractor"):
        if name in fields:
            value = fields.pop(name)
            setattr(task, f"{name}_id", getattr(value, "pk", value))


# --- CRUD --------------------------------------------------------------------------


def task_create(*, residence: Residence, user, **fields: Any) -> Task:
    """Create a task in `residence` (the caller is a member: the view's scoped queryset checked it)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown task fields {sorted(unknown)}")
    fields = _resolve_fields(fields)
    if fields.get("frequency") is None:
        fields["frequency"] = TaskFrequency.objects.get(key="once")
    task = Task(residence=residence, created_by=user)
    _set_relation_ids(task, fields)
    for name, value in fields.items():
        setattr(task, name, value)
    task.series_start_date = task.due_date
    _validate_recurrence(task)
    _validate_relations(task)
    with transaction.atomic():
        _check_active_limit(_lock_residence(residence.pk))
        task.save()
        publish_residence_event("task.created", task.residence_id, _event_data(task))
    return task


def task_update(*, task: Task, user, **fields: Any) -> Task:
    """Edit a task in any state but archived."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown task fields {sorted(unknown)}")
    fields = _resolve_fields(fields)
    with transaction.atomic():
        task = _locked_task(task)
        _ensure_allowed(rules.EDIT, task)
        if "frequency" in fields and fields["frequency"] is None:
            raise InvalidInput(_("This field may not be null."), field="frequency_id")
        series = (task.due_date, task.recurrence_anchor, task.frequency_id, task.custom_interval_days)
        _set_relation_ids(task, fields)
        for name, value in fields.items():
            setattr(task, name, value)
        # A new due date or recurrence restarts the series from the due date. Resending the same values must not:
        # a Jan 31 monthly series now due Feb 28 would otherwise restart on the 28th and drift.
        if series != (task.due_date, task.recurrence_anchor, task.frequency_id, task.custom_interval_days):
            task.series_start_date = task.due_date
        _validate_recurrence(task)
        _validate_relations(task)
        task.save()
        publish_residence_event("task.updated", task.residence_id, _event_data(task))
    return task


def task_delete(*, task: Task, user) -> None:
    with transaction.atomic():
        task = _locked_task(task)
        task_id, residence_id = task.pk, task.residence_id
        delete_cascaded_files_on_commit(task)
        task.delete()
        publish_residence_event("task.deleted", residence_id, {"id": task_id, "residence_id": residence_id})


# --- Transitions -------------------------------------------------------------------


def _transition(task: Task, action: str, changes: dict[str, Any], *, check_limit: bool = False) -> Task:
    with transaction.atomic():
        if check_limit:
            residence = _lock_residence(task.residence_id)
        task = _locked_task(task)
        _ensure_allowed(action, task)
        for name, value in changes.items():
            setattr(task, name, value)
        if check_limit and rules.is_active(task):
            _check_active_limit(residence)
        task.save()
        publish_residence_event("task.updated", task.residence_id, _event_data(task))
    return task


def task_start(*, task: Task, user) -> Task:
    return _transition(task, rules.START, {"in_progress": True})


def task_cancel(*, task: Task, user) -> Task:
    # Cancelling stops the work, so an in-progress task is no longer in progress.
    return _transition(task, rules.CANCEL, {"is_cancelled": True, "in_progress": False})


def task_uncancel(*, task: Task, user) -> Task:
    return _transition(task, rules.UNCANCEL, {"is_cancelled": False}, check_limit=True)


def task_archive(*, task: Task, user) -> Task:
    # Only the archived flag changes, so unarchive returns the task to the state it had.
    return _transition(task, rules.ARCHIVE, {"is_archived": True})


def task_unarchive(*, task: Task, user) -> Task:
    return _transition(task, rules.UNARCHIVE, {"is_archived": False}, check_limit=True)


# --- Completions -------------------------------------------------------------------


def _snapshot(task: Task) -> dict[str, Any]:
    """JSON-safe copy of the fields a completion changes."""
    out: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(task, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _restore(task: Task, snapshot: dict[str, Any]) -> None:
    for name in SNAPSHOT_FIELDS:
        value = snapshot.get(name)
        if name in ("due_date", "series_start_date"):
            value = parse_date(value) if value else None
        elif name in ("completed_at", "last_completed_at"):
            value = parse_datetime(value) if value else None
        setattr(task, name, value)


def task_complete(
    *,
    task: Task,
    user,
    completed_at: dt.datetime | None = None,
    notes: str = "",
    actual_cost: Decimal | None = None,
    rating: int | None = None,
    contractor: Contractor | int | None = None,
    now: dt.datetime | None = None,
) -> tuple[Completion, Task]:
    """Record a completion and move the task on: a one-time task is done; a recurring one gets its next due date.

    D, the completion's local date, is taken in the completing user's timezone. Two phones completing the same
    task at once: the task row lock serializes them, and a completion within COMPLETION_DEDUPE_SECONDS of the
    previous one is refused with 409 conflict, so the due date advances exactly once.

    Photos are attached after this returns (the completion row exists and has an id), by the documents app.
    """
    now = now or timezone.now()
    completed_at = completed_at or now
    if timezone.is_naive(completed_at):
        raise InvalidInput(_("Give a timezone with the time."), field="completed_at")
    if completed_at > now + COMPLETION_CLOCK_SKEW:
        raise InvalidInput(_("A completion cannot be in the future."), field="completed_at")
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidInput(_("Rating is 1 to 5."), field="rating")
    if actual_cost is not None and Decimal(actual_cost) < 0:
        raise InvalidInput(_("Must be zero or more."), field="actual_cost")
    contractor_id = getattr(contractor, "pk", contractor)

    with transaction.atomic():
        # Race: two phones completing the same task; the row lock makes the second wait and then see the first.
        task = Task.objects.select_for_update().select_related("frequency").get(pk=task.pk)
        _ensure_allowed(rules.COMPLETE, task)
        latest = Completion.objects.filter(task=task).order_by("-id").first()
        if latest is not None and now - latest.created_at < dt.timedelta(seconds=rules.COMPLETION_DEDUPE_SECONDS):
            raise Conflict(_("This task was just completed."))
        if (
            contractor_id is not None
            and not Contractor.objects.filter(pk=contractor_id, residence_id=task.residence_id).exists()
        ):
            raise InvalidInput(_("No such contractor in this residence."), field="contractor_id")

        completed_on = completed_at.astimezone(user.tzinfo).date()
        before = _snapshot(task)
        closed_due_date = task.due_date
        interval = _interval(task)
        if interval is None:
            task.completed_at = completed_at
        else:
            task.due_date = rules.next_due_date(
                anchor=task.recurrence_anchor,
                interval=interval,
                completed_on=completed_on,
                closed_due_date=closed_due_date,
                series_start=task.series_start_date,
            )
            if task.recurrence_anchor == Task.Anchor.SCHEDULE and task.series_start_date is None:
                task.series_start_date = closed_due_date or completed_on
        task.in_progress = False
        if task.last_completed_at is None or completed_at > task.last_completed_at:
            task.last_completed_at = completed_at
        task.save()
        completion = Completion.objects.create(
            task=task,
            residence_id=task.residence_id,
            completed_by=user,
            completed_at=completed_at,
            completed_on=completed_on,
            closed_due_date=closed_due_date,
            notes=notes or "",
            actual_cost=actual_cost,
            rating=rating,
            contractor_id=contractor_id,
            task_before=before,
        )
        publish_residence_event(
            "task.completed",
            task.residence_id,
            {
                **_event_data(task),
                "completion": {
                    "id": completion.pk,
                    "completed_by_id": user.pk,
                    "completed_at": completion.completed_at.isoformat(),
                    "closed_due_date": closed_due_date.isoformat() if closed_due_date else None,
                },
            },
        )
    return completion, task


def task_quick_complete(*, task: Task, user, now: dt.datetime | None = None) -> tuple[Completion, Task]:
    """Complete now, with no details."""
    return task_complete(task=task, user=user, now=now)


def completion_undo(*, completion: Completion, user) -> Task:
    """Delete the latest completion of its task and restore the task fields it changed, exactly."""
    with transaction.atomic():
        # Race: an undo against a new completion on another phone; lock the task first, then re-read.
        task = _locked_task(completion.task_id)
        latest = Completion.objects.filter(task=task).order_by("-id").first()
        if latest is None or latest.pk != completion.pk:
            raise InvalidTransition(_("Only the latest completion of a task can be undone."))
        _ensure_allowed(rules.UNDO_COMPLETION, task)
        _restore(task, latest.task_before)
        delete_cascaded_files_on_commit(latest)
        latest.delete()
        task.save()
        publish_residence_event("task.updated", task.residence_id, _event_data(task))
    return task
