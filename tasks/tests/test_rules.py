"""The pure rules, and every (state, action) pair through the API."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from tasks import rules
from tasks.models import Completion, Task
from tasks.rules import Interval, add_months, board_column, first_occurrence_after, next_due_date
from tasks.tests.factories import TaskFactory, frequency

TODAY = dt.date(2026, 5, 10)


def state(**overrides):
    fields = {
        "frequency_key": "weekly",
        "due_date": None,
        "in_progress": False,
        "is_cancelled": False,
        "is_archived": False,
        "completed_at": None,
    }
    fields.update(overrides)
    return SimpleNamespace(**fields)


DONE = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("fields", "column"),
    [
        ({"is_archived": True, "is_cancelled": True, "in_progress": True}, "archived"),
        ({"is_cancelled": True, "in_progress": True, "due_date": dt.date(2020, 1, 1)}, "cancelled"),
        ({"frequency_key": "once", "completed_at": DONE, "in_progress": False}, "completed"),
        ({"in_progress": True, "due_date": dt.date(2020, 1, 1)}, "in_progress"),
        ({"due_date": TODAY - dt.timedelta(days=1)}, "overdue"),
        ({"due_date": TODAY}, "due_soon"),
        ({"due_date": TODAY + dt.timedelta(days=30)}, "due_soon"),
        ({"due_date": TODAY + dt.timedelta(days=31)}, "upcoming"),
        ({"due_date": None}, "upcoming"),
    ],
)
def test_board_column_first_match_wins(fields, column):
    assert board_column(state(**fields), TODAY) == column


def test_days_widens_due_soon():
    task = state(due_date=TODAY + dt.timedelta(days=45))
    assert board_column(task, TODAY, days=30) == "upcoming"
    assert board_column(task, TODAY, days=60) == "due_soon"


def test_overdue_means_active_and_due_before_today():
    assert rules.is_overdue(state(due_date=TODAY - dt.timedelta(days=1)), TODAY)
    assert rules.is_overdue(state(due_date=TODAY - dt.timedelta(days=1), in_progress=True), TODAY)
    assert not rules.is_overdue(state(due_date=TODAY), TODAY)
    assert not rules.is_overdue(state(due_date=TODAY - dt.timedelta(days=1), is_cancelled=True), TODAY)
    assert not rules.is_overdue(state(due_date=None), TODAY)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), 2, dt.date(2026, 3, 31)),
        (dt.date(2026, 8, 31), 1, dt.date(2026, 9, 30)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2028, 2, 29), 48, dt.date(2032, 2, 29)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_month_steps_clamp_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_schedule_anchor_counts_from_the_series_start_so_jan_31_comes_back():
    monthly = Interval(months=1)
    start = dt.date(2026, 1, 31)
    dates = []
    due = start
    for _ in range(3):
        due = next_due_date(
            anchor="schedule", interval=monthly, completed_on=due, closed_due_date=due, series_start=start
        )
        dates.append(due)
    assert dates == [dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30)]


def test_completion_anchor_steps_from_the_completion_date():
    assert next_due_date(
        anchor="completion",
        interval=Interval(months=1),
        completed_on=dt.date(2026, 1, 31),
        closed_due_date=dt.date(2026, 1, 10),
        series_start=dt.date(2026, 1, 10),
    ) == dt.date(2026, 2, 28)
    assert next_due_date(
        anchor="completion",
        interval=Interval(days=7),
        completed_on=dt.date(2026, 3, 5),
        closed_due_date=dt.date(2026, 3, 1),
        series_start=None,
    ) == dt.date(2026, 3, 12)


def test_schedule_anchor_skips_occurrences_already_past_when_done_late():
    # Weekly from Mon Mar 2; closed Mar 2 but done Mar 20 → next occurrence after Mar 20 is Mar 23.
    assert next_due_date(
        anchor="schedule",
        interval=Interval(days=7),
        completed_on=dt.date(2026, 3, 20),
        closed_due_date=dt.date(2026, 3, 2),
        series_start=dt.date(2026, 3, 2),
    ) == dt.date(2026, 3, 23)


def test_schedule_anchor_done_early_moves_past_the_closed_due_date():
    # Done two days early: the next due date is the occurrence after the closed one, not the closed one again.
    assert next_due_date(
        anchor="schedule",
        interval=Interval(months=1),
        completed_on=dt.date(2026, 3, 29),
        closed_due_date=dt.date(2026, 3, 31),
        series_start=dt.date(2026, 1, 31),
    ) == dt.date(2026, 4, 30)


def test_first_occurrence_after_a_date_before_the_start_is_the_start():
    assert first_occurrence_after(dt.date(2026, 6, 1), Interval(days=3), dt.date(2026, 5, 1)) == dt.date(2026, 6, 1)


def test_interval_rejects_nonsense():
    with pytest.raises(ValueError):
        Interval(days=1, months=1)
    with pytest.raises(ValueError):
        Interval()
    assert rules.interval_for("once", 0, 0, None) is None
    assert rules.interval_for("custom", 0, 0, 10) == Interval(days=10)


# --- Every (state, action) pair through the API ---------------------------------------

STATES = {
    "active": {},
    "in_progress": {"in_progress": True},
    "completed": {"completed_at": DONE},
    "cancelled": {"is_cancelled": True},
    "cancelled+completed": {"is_cancelled": True, "completed_at": DONE},
    "archived": {"is_archived": True},
    "archived+in_progress": {"is_archived": True, "in_progress": True},
    "archived+cancelled": {"is_archived": True, "is_cancelled": True},
    "archived+completed": {"is_archived": True, "completed_at": DONE},
}
FLAG_NAMES = (("is_archived", "archived"), ("is_cancelled", "cancelled"), ("completed_at", "completed"))


def state_name(task: Task) -> str:
    parts = [name for field, name in FLAG_NAMES if getattr(task, field)]
    if task.in_progress:
        parts.append("in_progress")
    return "+".join(parts) or "active"


# (state, action) → the state after it; pairs not listed must be 409 invalid_transition.
ALLOWED = {
    ("active", "start"): "in_progress",
    ("active", "complete"): "completed",
    ("active", "quick-complete"): "completed",
    ("active", "cancel"): "cancelled",
    ("active", "archive"): "archived",
    ("active", "edit"): "active",
    ("in_progress", "complete"): "completed",
    ("in_progress", "quick-complete"): "completed",
    ("in_progress", "cancel"): "cancelled",
    ("in_progress", "archive"): "archived+in_progress",
    ("in_progress", "edit"): "in_progress",
    ("completed", "cancel"): "cancelled+completed",
    ("completed", "archive"): "archived+completed",
    ("completed", "edit"): "completed",
    ("cancelled", "uncancel"): "active",
    ("cancelled", "archive"): "archived+cancelled",
    ("cancelled", "edit"): "cancelled",
    ("cancelled+completed", "uncancel"): "completed",
    ("cancelled+completed", "archive"): "archived+cancelled+completed",
    ("cancelled+completed", "edit"): "cancelled+completed",
    ("archived", "unarchive"): "active",
    ("archived+in_progress", "unarchive"): "in_progress",
    ("archived+cancelled", "unarchive"): "cancelled",
    ("archived+completed", "unarchive"): "completed",
}
API_ACTIONS = ("start", "complete", "quick-complete", "cancel", "uncancel", "archive", "unarchive", "edit")


def perform(client, task, action):
    if action == "edit":
        return client.patch(f"/api/tasks/{task.pk}/", {"title": "Renamed"}, format="json")
    if action == "complete":
        return client.post(f"/api/tasks/{task.pk}/complete/", {"notes": "done"}, format="json")
    return client.post(f"/api/tasks/{task.pk}/{action}/")


def db_state(task):
    task.refresh_from_db()
    return model_to_dict(task) | {"updated_at": task.updated_at}, Completion.objects.filter(task=task).count()


@pytest.mark.django_db
@pytest.mark.parametrize("action", API_ACTIONS)
@pytest.mark.parametrize("start_state", list(STATES))
def test_every_state_action_pair(start_state, action, residence, owner_client):
    task = TaskFactory(residence=residence, due_date=timezone.localdate(), **STATES[start_state])
    assert state_name(task) == start_state
    before = db_state(task)

    response = perform(owner_client, task, action)

    expected = ALLOWED.get((start_state, action))
    if expected is None:
        assert response.status_code == 409, response.content
        assert response.json()["error"]["code"] == "invalid_transition"
        assert db_state(task) == before
    else:
        assert response.status_code in (200, 201), response.content
        task.refresh_from_db()
        assert state_name(task) == expected
        if action in ("complete", "quick-complete"):
            assert task.completions.count() == 1


def test_the_rule_table_and_the_api_table_agree():
    for (start_state, action), _expected in ALLOWED.items():
        task = Task(frequency_key="once", **STATES[start_state])
        assert rules.allowed(action.replace("-", "_"), task)


@pytest.mark.django_db
def test_completing_a_recurring_task_keeps_it_active_and_moves_the_due_date(residence, owner_client):
    task = TaskFactory(
        residence=residence, frequency=frequency("weekly"), due_date=dt.date(2026, 1, 1), in_progress=True
    )
    response = owner_client.post(
        f"/api/tasks/{task.pk}/complete/", {"completed_at": "2026-01-02T12:00:00Z"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["task"]["due_date"] == "2026-01-09"
    assert body["task"]["in_progress"] is False
    assert body["task"]["completed_at"] is None
    assert body["task"]["last_completed_at"] == "2026-01-02T12:00:00Z"
    assert body["completion"]["closed_due_date"] == "2026-01-01"
    assert body["completion"]["completed_on"] == "2026-01-02"
