"""Property tests: columns partition the tasks, due dates move forward, schedules never drift, undo is exact."""

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tasks import rules, selectors, services
from tasks.models import Task
from tasks.rules import Interval, next_due_date, occurrence
from tasks.tests.factories import TaskFactory, frequency

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))
intervals = st.one_of(
    st.builds(Interval, days=st.integers(min_value=1, max_value=3650)),
    st.builds(Interval, months=st.sampled_from([1, 2, 3, 6, 12, 24])),
)
DONE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
db_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def task_states(draw):
    one_time = draw(st.booleans())
    return {
        "frequency_key": "once" if one_time else "weekly",
        "due_date": draw(st.none() | dates),
        "in_progress": draw(st.booleans()),
        "is_cancelled": draw(st.booleans()),
        "is_archived": draw(st.booleans()),
        "completed_at": DONE if one_time and draw(st.booleans()) else None,
    }


@given(task_states(), dates, st.integers(min_value=0, max_value=365))
def test_every_task_is_in_exactly_one_column(state, today, days):
    column = rules.board_column(SimpleNamespace(**state), today, days)
    assert column in rules.COLUMNS


@pytest.mark.django_db
@db_settings
@given(state=task_states(), today=dates, days=st.integers(min_value=0, max_value=365))
def test_the_sql_columns_partition_tasks_exactly_like_the_rule(residence, state, today, days):
    state["frequency"] = frequency(state["frequency_key"])
    task = TaskFactory(residence=residence, **state)
    matching = [key for key in rules.COLUMNS if Task.objects.filter(selectors.column_q(key, today, days), pk=task.pk)]
    assert matching == [rules.board_column(task, today, days)]
    task.delete()


@given(
    anchor=st.sampled_from(["completion", "schedule"]),
    interval=intervals,
    completed_on=dates,
    closed=st.none() | dates,
    series_start=st.none() | dates,
)
def test_next_due_date_is_always_after_the_completion_date(anchor, interval, completed_on, closed, series_start):
    due = next_due_date(
        anchor=anchor, interval=interval, completed_on=completed_on, closed_due_date=closed, series_start=series_start
    )
    assert due > completed_on
    if anchor == "schedule" and closed is not None:
        assert due > closed


def is_occurrence(start: dt.date, interval: Interval, day: dt.date) -> bool:
    if interval.days:
        return (day - start).days % interval.days == 0 and day >= start
    months = (day.year - start.year) * 12 + day.month - start.month
    return (
        months >= 0 and months % interval.months == 0 and occurrence(start, interval, months // interval.months) == day
    )


@given(start=dates, interval=intervals, offsets=st.lists(st.integers(-20, 20), min_size=120, max_size=120))
def test_schedule_anchor_never_drifts_over_120_completions(start, interval, offsets):
    assume(occurrence(start, interval, 130) <= dt.date(9000, 1, 1))
    due = start
    on_time = start
    for k, offset in enumerate(offsets, start=1):
        # Done a little early or late: the next due date is still an occurrence of the series.
        completed_on = due + dt.timedelta(days=offset)
        new_due = next_due_date(
            anchor="schedule", interval=interval, completed_on=completed_on, closed_due_date=due, series_start=start
        )
        assert new_due > max(due, completed_on)
        assert is_occurrence(start, interval, new_due)
        due = new_due
        # Done exactly on time: the k-th due date is exactly start + k·interval, month-end clamping included.
        on_time = next_due_date(
            anchor="schedule", interval=interval, completed_on=on_time, closed_due_date=on_time, series_start=start
        )
        assert on_time == occurrence(start, interval, k)


@pytest.mark.django_db
@db_settings
@given(
    key=st.sampled_from(["once", "daily", "weekly", "monthly", "annually", "custom"]),
    anchor=st.sampled_from(["completion", "schedule"]),
    due=st.none() | st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    in_progress=st.booleans(),
    last=st.none() | st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2025, 12, 31)),
    completed_at=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2025, 12, 31)),
    tz=st.sampled_from(["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Australia/Sydney"]),
)
def test_undo_after_complete_restores_every_field(
    residence, owner, key, anchor, due, in_progress, last, completed_at, tz
):
    owner.timezone = tz
    task = TaskFactory(
        residence=residence,
        frequency=frequency(key),
        custom_interval_days=17 if key == "custom" else None,
        recurrence_anchor=anchor,
        due_date=due,
        in_progress=in_progress,
        last_completed_at=last.replace(tzinfo=dt.UTC) if last else None,
    )
    before = Task.objects.values().get(pk=task.pk)

    completion, _ = services.task_complete(task=task, user=owner, completed_at=completed_at.replace(tzinfo=dt.UTC))
    services.completion_undo(completion=completion, user=owner)

    after = Task.objects.values().get(pk=task.pk)
    before.pop("updated_at"), after.pop("updated_at")
    assert after == before
    assert not task.completions.exists()
    task.delete()
