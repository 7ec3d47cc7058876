"""Local dates: completions and board columns follow the user's timezone, across midnight and DST."""

import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from residences.tests.factories import ResidenceFactory, add_member
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    def make(tz: str):
        user = UserFactory(timezone=tz)
        return user, ResidenceFactory(owner=user)

    return make


def complete(client, task, completed_at: str):
    response = client.post(f"/api/tasks/{task.pk}/complete/", {"completed_at": completed_at}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_late_evening_in_los_angeles_is_still_that_day_though_utc_is_the_next(household, make_client):
    user, residence = household("America/Los_Angeles")
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=dt.date(2026, 1, 14))
    # 23:30 PST on Jan 14 is 07:30 UTC on Jan 15.
    body = complete(make_client(user), task, "2026-01-15T07:30:00Z")
    assert body["completion"]["completed_on"] == "2026-01-14"
    assert body["task"]["due_date"] == "2026-01-21"


def test_early_morning_in_kiritimati_is_the_next_day_though_utc_is_not(household, make_client):
    user, residence = household("Pacific/Kiritimati")
    task = TaskFactory(residence=residence, frequency=frequency("daily"), due_date=dt.date(2026, 1, 15))
    # 10:30 UTC on Jan 15 is 00:30 on Jan 16 at UTC+14.
    body = complete(make_client(user), task, "2026-01-15T10:30:00Z")
    assert body["completion"]["completed_on"] == "2026-01-16"
    assert body["task"]["due_date"] == "2026-01-17"


def test_d_is_the_completing_users_date_not_the_owners(household, make_client):
    _owner, residence = household("Pacific/Kiritimati")
    la_member = add_member(residence, UserFactory(timezone="America/Los_Angeles")).user
    task = TaskFactory(residence=residence, frequency=frequency("daily"), due_date=dt.date(2026, 1, 14))
    body = complete(make_client(la_member), task, "2026-01-15T07:30:00Z")
    assert body["completion"]["completed_on"] == "2026-01-14"
    assert body["task"]["due_date"] == "2026-01-15"


@pytest.mark.parametrize(
    ("tz", "completed_at", "local_date", "why"),
    [
        # America/New_York: DST starts 2026-03-08, ends 2026-11-01.
        ("America/New_York", "2026-03-08T06:30:00Z", "2026-03-08", "01:30 EST on the spring-forward day"),
        ("America/New_York", "2026-03-09T04:30:00Z", "2026-03-09", "00:30 EDT just after it (EST would say Mar 8)"),
        ("America/New_York", "2026-11-02T04:30:00Z", "2026-11-01", "23:30 EST on the fall-back day (EDT: Nov 2)"),
        ("America/New_York", "2026-11-01T05:30:00Z", "2026-11-01", "01:30 EDT, the first of the repeated hour"),
        ("America/New_York", "2026-11-01T06:30:00Z", "2026-11-01", "01:30 EST, the second of the repeated hour"),
        # Europe/London: BST starts 2026-03-29, ends 2026-10-25.
        ("Europe/London", "2026-03-29T23:30:00Z", "2026-03-30", "00:30 BST after spring-forward (GMT: Mar 29)"),
        ("Europe/London", "2026-10-25T23:30:00Z", "2026-10-25", "23:30 GMT on the fall-back day (BST: Oct 26)"),
        # Australia/Sydney: DST ends 2026-04-05, starts 2026-10-04.
        ("Australia/Sydney", "2026-04-05T13:30:00Z", "2026-04-05", "23:30 AEST after DST ended (AEDT: Apr 6)"),
        ("Australia/Sydney", "2026-10-04T13:30:00Z", "2026-10-05", "00:30 AEDT after DST began (AEST: Oct 4)"),
    ],
)
@pytest.mark.parametrize("anchor", ["completion", "schedule"])
def test_completion_date_on_dst_days(household, make_client, tz, completed_at, local_date, why, anchor):
    user, residence = household(tz)
    d = dt.date.fromisoformat(local_date)
    task = TaskFactory(
        residence=residence, frequency=frequency("daily"), recurrence_anchor=anchor, due_date=d - dt.timedelta(days=3)
    )
    body = complete(make_client(user), task, completed_at)
    assert body["completion"]["completed_on"] == local_date, why
    # Day steps are calendar days: the next day, whatever the length of the DST day.
    assert body["task"]["due_date"] == (d + dt.timedelta(days=1)).isoformat(), why


def test_month_end_clamping_with_the_schedule_anchor_has_no_drift(household, make_client, no_dedupe):
    user, residence = household("UTC")
    client = make_client(user)
    task = TaskFactory(
        residence=residence, frequency=frequency("monthly"), recurrence_anchor="schedule", due_date=dt.date(2025, 1, 31)
    )
    seen = []
    for completed_at in ("2025-01-31T12:00:00Z", "2025-02-28T12:00:00Z", "2025-03-31T12:00:00Z"):
        seen.append(complete(client, task, completed_at)["task"]["due_date"])
    assert seen == ["2025-02-28", "2025-03-31", "2025-04-30"]


def test_month_end_clamping_with_the_completion_anchor_follows_the_completion(household, make_client, no_dedupe):
    user, residence = household("UTC")
    client = make_client(user)
    task = TaskFactory(residence=residence, frequency=frequency("monthly"), due_date=dt.date(2025, 1, 31))
    assert complete(client, task, "2025-01-31T12:00:00Z")["task"]["due_date"] == "2025-02-28"
    # Completed on Feb 28: Feb 28 + 1 month = Mar 28 (the completion date is the anchor, so it drifts by design).
    assert complete(client, task, "2025-02-28T12:00:00Z")["task"]["due_date"] == "2025-03-28"


@pytest.mark.parametrize(
    ("anchor", "completed_at", "expected"),
    [
        ("schedule", "2024-02-29T12:00:00Z", "2025-02-28"),
        ("completion", "2024-02-29T12:00:00Z", "2025-02-28"),
        ("completion", "2024-03-01T12:00:00Z", "2025-03-01"),
    ],
)
def test_feb_29_annual_tasks(household, make_client, anchor, completed_at, expected):
    user, residence = household("UTC")
    task = TaskFactory(
        residence=residence, frequency=frequency("annually"), recurrence_anchor=anchor, due_date=dt.date(2024, 2, 29)
    )
    assert complete(make_client(user), task, completed_at)["task"]["due_date"] == expected


def test_feb_29_schedule_series_returns_to_feb_29_in_leap_years(household, make_client, no_dedupe, freeze_now):
    freeze_now(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    user, residence = household("UTC")
    client = make_client(user)
    annually = frequency("annually")
    task = TaskFactory(
        residence=residence, frequency=annually, recurrence_anchor="schedule", due_date=dt.date(2024, 2, 29)
    )
    dues = [complete(client, task, f"{year}-03-01T12:00:00Z")["task"]["due_date"] for year in (2024, 2025, 2026, 2027)]
    assert dues == ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]


def test_schedule_anchor_done_late_skips_to_the_next_occurrence_after_d(household, make_client):
    user, residence = household("UTC")
    task = TaskFactory(
        residence=residence, frequency=frequency("weekly"), recurrence_anchor="schedule", due_date=dt.date(2026, 3, 2)
    )
    body = complete(make_client(user), task, "2026-03-20T12:00:00Z")
    assert body["task"]["due_date"] == "2026-03-23"


def test_custom_interval_steps_in_calendar_days(household, make_client):
    user, residence = household("America/New_York")
    task = TaskFactory(residence=residence, frequency=frequency("custom"), custom_interval_days=10)
    body = complete(make_client(user), task, "2026-03-05T15:00:00Z")
    assert body["task"]["due_date"] == "2026-03-15"


# --- Columns for the caller's local date ---------------------------------------------------


def test_column_and_is_overdue_use_each_callers_local_date(make_client, freeze_now):
    # 07:30 UTC on Jan 15: still Jan 14 in Los Angeles, already Jan 15 in UTC and Kiritimati (21:30).
    freeze_now(dt.datetime(2026, 1, 15, 7, 30, tzinfo=dt.UTC))
    la = UserFactory(timezone="America/Los_Angeles")
    residence = ResidenceFactory(owner=la)
    kiritimati = add_member(residence, UserFactory(timezone="Pacific/Kiritimati")).user
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=dt.date(2026, 1, 14))

    la_view = make_client(la).get(f"/api/tasks/{task.pk}/").json()
    ki_view = make_client(kiritimati).get(f"/api/tasks/{task.pk}/").json()

    assert (la_view["column"], la_view["is_overdue"]) == ("due_soon", False)
    assert (ki_view["column"], ki_view["is_overdue"]) == ("overdue", True)


def test_column_filter_and_board_use_the_callers_local_date(make_client, freeze_now):
    # 10:30 UTC on Jan 15 is 00:30 on Jan 16 in Kiritimati.
    freeze_now(dt.datetime(2026, 1, 15, 10, 30, tzinfo=dt.UTC))
    utc_user = UserFactory(timezone="UTC")
    residence = ResidenceFactory(owner=utc_user)
    kiritimati = add_member(residence, UserFactory(timezone="Pacific/Kiritimati")).user
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=dt.date(2026, 1, 15))

    for user, column in ((utc_user, "due_soon"), (kiritimati, "overdue")):
        client = make_client(user)
        listed = client.get("/api/tasks/", {"column": column}).json()
        assert [t["id"] for t in listed["results"]] == [task.pk]
        board = client.get("/api/tasks/board/", {"residence": residence.pk}).json()
        by_key = {c["key"]: c for c in board["columns"]}
        assert [t["id"] for t in by_key[column]["tasks"]] == [task.pk]
        summary = client.get(f"/api/residences/{residence.pk}/summary/").json()
        assert {c["key"]: c["count"] for c in summary["columns"]}[column] == 1
