"""The tasks API: CRUD, filters, board, transitions, completions, undo, summary, plan limit."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.tests.factories import UserFactory, make_pro
from residences.models import TaskCategory, TaskPriority
from residences.tests.factories import ContractorFactory, ResidenceFactory, add_member
from tasks.models import Completion, Task
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(freeze_now):
    freeze_now(NOW)


def ids(response):
    body = response.json()
    return [t["id"] for t in body.get("results", body)]


# --- Create, read, update, delete ----------------------------------------------------------


def test_member_creates_a_task_and_becomes_its_creator(residence, member, member_client):
    weekly = frequency("weekly")
    category = TaskCategory.objects.get(key="hvac")
    response = member_client.post(
        "/api/tasks/",
        {
            "residence_id": residence.pk,
            "title": "Replace HVAC filter",
            "frequency_id": weekly.pk,
            "category_id": category.pk,
            "due_date": "2026-06-20",
            "estimated_cost": "25.50",
            "assigned_to_id": member.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created_by_id"] == member.pk
    assert body["column"] == "due_soon"
    assert body["is_overdue"] is False
    assert body["recurrence_anchor"] == "completion"
    assert body["estimated_cost"] == "25.50"
    task = Task.objects.get(pk=body["id"])
    assert task.frequency_key == "weekly"
    assert task.series_start_date == dt.date(2026, 6, 20)
    assert set(body) >= {
        "id", "residence_id", "title", "description", "category_id", "priority_id", "frequency_id",
        "custom_interval_days", "recurrence_anchor", "due_date", "assigned_to_id", "contractor_id",
        "estimated_cost", "in_progress", "is_cancelled", "is_archived", "completed_at", "last_completed_at",
        "column", "is_overdue", "created_by_id", "created_at", "updated_at",
    }  # fmt: skip


def test_a_task_without_frequency_is_one_time(residence, owner_client):
    response = owner_client.post("/api/tasks/", {"residence_id": residence.pk, "title": "Fix gate"}, format="json")
    assert response.status_code == 201
    assert response.json()["frequency_id"] == frequency("once").pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"category_id": 999999}, "category_id"),
        ({"priority_id": 999999}, "priority_id"),
        ({"frequency_id": 999999}, "frequency_id"),
        ({"custom_interval_days": 0, "frequency_id": "custom"}, "custom_interval_days"),
        ({"custom_interval_days": 3651, "frequency_id": "custom"}, "custom_interval_days"),
        ({"frequency_id": "custom"}, "custom_interval_days"),
        ({"estimated_cost": "-1.00"}, "estimated_cost"),
        ({"recurrence_anchor": "whenever"}, "recurrence_anchor"),
        ({"due_date": "tomorrow"}, "due_date"),
        ({"assigned_to_id": "stranger"}, "assigned_to_id"),
        ({"contractor_id": "elsewhere"}, "contractor_id"),
        ({"residence_id": "foreign"}, "residence_id"),
    ],
)
def test_bad_input_is_a_400_with_the_field_and_nothing_is_written(residence, owner_client, outsider, body, field):
    payload = {"residence_id": residence.pk, "title": "Valid title"}
    payload.update(body)
    if payload.get("frequency_id") == "custom":
        payload["frequency_id"] = frequency("custom").pk
    if payload.get("assigned_to_id") == "stranger":
        payload["assigned_to_id"] = outsider.pk
    if payload.get("contractor_id") == "elsewhere":
        payload["contractor_id"] = ContractorFactory().pk
    if payload.get("residence_id") == "foreign":
        payload["residence_id"] = outsider.memberships.get().residence_id
    response = owner_client.post("/api/tasks/", payload, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert Task.objects.count() == 0


def test_a_custom_interval_on_a_fixed_frequency_is_dropped(residence, owner_client):
    response = owner_client.post(
        "/api/tasks/",
        {"residence_id": residence.pk, "title": "x", "frequency_id": frequency("weekly").pk, "custom_interval_days": 9},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["custom_interval_days"] is None


def test_patch_edits_fields_and_a_new_due_date_restarts_the_series(residence, member_client):
    task = TaskFactory(residence=residence, frequency=frequency("monthly"), due_date=dt.date(2026, 1, 31))
    contractor = ContractorFactory(residence=residence)
    response = member_client.patch(
        f"/api/tasks/{task.pk}/",
        {"title": "Clean gutters", "due_date": "2026-07-01", "contractor_id": contractor.pk, "description": "both"},
        format="json",
    )
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert (task.title, task.due_date, task.contractor_id) == ("Clean gutters", dt.date(2026, 7, 1), contractor.pk)
    assert task.series_start_date == dt.date(2026, 7, 1)


def test_patch_resending_the_same_schedule_keeps_the_series_start(residence, owner_client):
    task = TaskFactory(
        residence=residence, frequency=frequency("monthly"), recurrence_anchor="schedule", due_date=dt.date(2026, 1, 31)
    )
    owner_client.post(f"/api/tasks/{task.pk}/complete/", {"completed_at": "2026-01-31T12:00:00Z"}, format="json")
    task.refresh_from_db()
    assert task.due_date == dt.date(2026, 2, 28)
    body = {"title": "Same", "due_date": "2026-02-28", "frequency_id": frequency("monthly").pk}
    assert owner_client.patch(f"/api/tasks/{task.pk}/", body, format="json").status_code == 200
    task.refresh_from_db()
    assert task.series_start_date == dt.date(2026, 1, 31)


def test_patch_cannot_move_a_task_to_another_residence(residence, owner, owner_client):
    other = ResidenceFactory(owner=owner)
    task = TaskFactory(residence=residence)
    response = owner_client.patch(f"/api/tasks/{task.pk}/", {"residence_id": other.pk}, format="json")
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.residence_id == residence.pk


def test_patch_switching_to_custom_needs_an_interval(residence, owner_client):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"))
    custom = frequency("custom").pk
    response = owner_client.patch(f"/api/tasks/{task.pk}/", {"frequency_id": custom}, format="json")
    assert response.status_code == 400
    assert "custom_interval_days" in response.json()["error"]["fields"]
    response = owner_client.patch(
        f"/api/tasks/{task.pk}/", {"frequency_id": custom, "custom_interval_days": 45}, format="json"
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert (task.frequency_key, task.custom_interval_days) == ("custom", 45)


def test_a_completed_one_time_task_cannot_become_recurring(residence, owner_client):
    task = TaskFactory(residence=residence, completed_at=NOW)
    response = owner_client.patch(f"/api/tasks/{task.pk}/", {"frequency_id": frequency("weekly").pk}, format="json")
    assert response.status_code == 400
    assert "frequency_id" in response.json()["error"]["fields"]


def test_put_is_not_offered(residence, owner_client):
    task = TaskFactory(residence=residence)
    assert owner_client.put(f"/api/tasks/{task.pk}/", {"title": "x"}, format="json").status_code == 405


def test_delete_removes_the_task_and_its_completions(residence, member_client):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"))
    member_client.post(f"/api/tasks/{task.pk}/quick-complete/")
    assert member_client.delete(f"/api/tasks/{task.pk}/").status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not Completion.objects.filter(task_id=task.pk).exists()
    assert member_client.get(f"/api/tasks/{task.pk}/").status_code == 404


# --- List: filters and ordering --------------------------------------------------------------


@pytest.fixture
def spread(residence, owner, member):
    """Tasks spread over categories, priorities, assignees and dates."""
    hvac, plumbing = TaskCategory.objects.get(key="hvac"), TaskCategory.objects.get(key="plumbing")
    low, high = TaskPriority.objects.get(key="low"), TaskPriority.objects.get(key="high")
    return {
        "overdue": TaskFactory(
            residence=residence, title="Filter swap", category=hvac, priority=high, due_date=TODAY - dt.timedelta(1)
        ),
        "soon": TaskFactory(
            residence=residence,
            title="Drain heater",
            description="water heater flush",
            category=plumbing,
            priority=low,
            assigned_to=member,
            due_date=TODAY + dt.timedelta(5),
        ),
        "later": TaskFactory(residence=residence, title="Paint deck", due_date=TODAY + dt.timedelta(90)),
        "undated": TaskFactory(residence=residence, title="Someday", priority=low),
        "other_home": TaskFactory(residence=ResidenceFactory(owner=owner), title="Cabin roof", due_date=TODAY),
    }


def test_list_spans_all_my_residences_ordered_by_due_date_then_undated(owner_client, spread):
    assert ids(owner_client.get("/api/tasks/")) == [
        spread[k].pk for k in ("overdue", "other_home", "soon", "later", "undated")
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"residence": "home"}, ["overdue", "soon", "later", "undated"]),
        ({"category": "hvac"}, ["overdue"]),
        ({"priority": "low"}, ["soon", "undated"]),
        ({"assigned_to": "member"}, ["soon"]),
        ({"column": "overdue"}, ["overdue"]),
        ({"column": "due_soon"}, ["other_home", "soon"]),
        ({"column": "upcoming"}, ["later", "undated"]),
        ({"search": "heater"}, ["soon"]),
        ({"search": "WATER flush"}, ["soon"]),
        ({"due_before": TODAY.isoformat()}, ["overdue", "other_home"]),
        ({"due_after": TODAY.isoformat()}, ["other_home", "soon", "later"]),
        (
            {"due_after": TODAY.isoformat(), "due_before": (TODAY + dt.timedelta(30)).isoformat()},
            ["other_home", "soon"],
        ),
    ],
)
def test_list_filters(owner_client, spread, residence, member, params, expected):
    lookups = {
        "home": residence.pk,
        "hvac": TaskCategory.objects.get(key="hvac").pk,
        "low": TaskPriority.objects.get(key="low").pk,
        "member": member.pk,
    }
    query = {key: lookups.get(value, value) for key, value in params.items()}
    assert ids(owner_client.get("/api/tasks/", query)) == [spread[k].pk for k in expected]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["other_home", "soon", "overdue", "later", "undated"]),
        ("-due_date", ["undated", "later", "soon", "other_home", "overdue"]),
        ("priority_level", ["soon", "undated", "overdue", "later", "other_home"]),
    ],
)
def test_list_ordering(owner_client, spread, ordering, expected):
    got = ids(owner_client.get("/api/tasks/", {"ordering": ordering}))
    if ordering == "priority_level":
        # Tasks without a priority sort last (NULLS LAST on ascending in PostgreSQL); compare only the ranked ones.
        assert got[:3] == [spread[k].pk for k in expected[:3]]
    else:
        assert got == [spread[k].pk for k in expected]


def test_unknown_column_filter_is_a_400(owner_client, spread):
    response = owner_client.get("/api/tasks/", {"column": "someday"})
    assert response.status_code == 400
    assert "column" in response.json()["error"]["fields"]


def test_list_is_paginated(owner_client, residence):
    TaskFactory.create_batch(3, residence=residence)
    body = owner_client.get("/api/tasks/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


# --- Board -----------------------------------------------------------------------------------


def test_board_has_all_seven_columns_in_order_with_counts(owner_client, residence):
    TaskFactory(residence=residence, is_archived=True)
    TaskFactory(residence=residence, is_cancelled=True)
    TaskFactory(residence=residence, completed_at=NOW)
    TaskFactory(residence=residence, in_progress=True, due_date=TODAY - dt.timedelta(3))
    TaskFactory.create_batch(2, residence=residence, due_date=TODAY - dt.timedelta(1))
    TaskFactory(residence=residence, due_date=TODAY + dt.timedelta(30))
    TaskFactory(residence=residence, due_date=TODAY + dt.timedelta(31))

    body = owner_client.get("/api/tasks/board/", {"residence": residence.pk}).json()

    assert [c["key"] for c in body["columns"]] == [
        "archived", "cancelled", "completed", "in_progress", "overdue", "due_soon", "upcoming",
    ]  # fmt: skip
    assert [c["count"] for c in body["columns"]] == [1, 1, 1, 1, 2, 1, 1]
    for column in body["columns"]:
        assert len(column["tasks"]) == column["count"]
        assert all(t["column"] == column["key"] for t in column["tasks"])


def test_board_days_widens_due_soon(owner_client, residence):
    TaskFactory(residence=residence, due_date=TODAY + dt.timedelta(45))
    counts = lambda days: {  # noqa: E731
        c["key"]: c["count"]
        for c in owner_client.get("/api/tasks/board/", {"residence": residence.pk, "days": days}).json()["columns"]
    }
    assert counts(30)["upcoming"] == 1
    assert counts(60)["due_soon"] == 1


@pytest.mark.parametrize("days", ["-1", "366", "soon"])
def test_board_rejects_bad_days(owner_client, residence, days):
    response = owner_client.get("/api/tasks/board/", {"residence": residence.pk, "days": days})
    assert response.status_code == 400
    assert "days" in response.json()["error"]["fields"]


def test_board_without_residence_covers_all_mine(owner_client, spread):
    body = owner_client.get("/api/tasks/board/").json()
    assert sum(c["count"] for c in body["columns"]) == 5


# --- Completions, history, undo ---------------------------------------------------------------


def test_complete_with_details_records_them(residence, member, member_client):
    contractor = ContractorFactory(residence=residence)
    task = TaskFactory(residence=residence, frequency=frequency("monthly"), due_date=TODAY)
    response = member_client.post(
        f"/api/tasks/{task.pk}/complete/",
        {"notes": "Swapped", "actual_cost": "40.00", "rating": 5, "contractor_id": contractor.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    completion = response.json()["completion"]
    assert completion["completed_by_id"] == member.pk
    assert (completion["notes"], completion["actual_cost"], completion["rating"]) == ("Swapped", "40.00", 5)
    assert completion["contractor_id"] == contractor.pk
    assert completion["completed_at"] == "2026-06-15T12:00:00Z"
    assert response.json()["task"]["due_date"] == "2026-07-15"


def test_complete_accepts_a_multipart_form_too(residence, owner_client):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=TODAY)
    response = owner_client.post(
        f"/api/tasks/{task.pk}/complete/", {"notes": "from the form", "rating": "4"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["completion"]["notes"], response.json()["completion"]["rating"]) == ("from the form", 4)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"actual_cost": "-0.01"}, "actual_cost"),
        ({"completed_at": "2026-06-16T12:00:00Z"}, "completed_at"),
        ({"completed_at": "yesterday"}, "completed_at"),
        ({"contractor_id": "elsewhere"}, "contractor_id"),
    ],
)
def test_bad_completion_input_is_a_400_and_changes_nothing(residence, owner_client, body, field):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=TODAY)
    if body.get("contractor_id") == "elsewhere":
        body = {"contractor_id": ContractorFactory().pk}
    response = owner_client.post(f"/api/tasks/{task.pk}/complete/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    task.refresh_from_db()
    assert task.due_date == TODAY
    assert not task.completions.exists()


def test_a_second_completion_within_seconds_is_a_conflict(residence, owner_client, member_client):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=TODAY)
    assert owner_client.post(f"/api/tasks/{task.pk}/quick-complete/").status_code == 201
    response = member_client.post(f"/api/tasks/{task.pk}/quick-complete/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    task.refresh_from_db()
    assert task.due_date == TODAY + dt.timedelta(7)
    assert task.completions.count() == 1


def test_completions_history_is_newest_first(residence, owner_client, no_dedupe):
    task = TaskFactory(residence=residence, frequency=frequency("daily"), due_date=TODAY)
    for when in ("2026-06-10T08:00:00Z", "2026-06-14T08:00:00Z", "2026-06-12T08:00:00Z"):
        owner_client.post(f"/api/tasks/{task.pk}/complete/", {"completed_at": when}, format="json")
    body = owner_client.get(f"/api/tasks/{task.pk}/completions/").json()
    assert body["count"] == 3
    assert [c["completed_at"] for c in body["results"]] == [
        "2026-06-14T08:00:00Z", "2026-06-12T08:00:00Z", "2026-06-10T08:00:00Z",
    ]  # fmt: skip


def test_undo_restores_the_due_date_and_state_exactly(residence, owner_client, member_client):
    task = TaskFactory(
        residence=residence,
        frequency=frequency("monthly"),
        recurrence_anchor="schedule",
        due_date=dt.date(2026, 5, 31),
        in_progress=True,
        last_completed_at=dt.datetime(2026, 4, 30, 9, 15, 30, 123456, tzinfo=dt.UTC),
    )
    before = Task.objects.values().get(pk=task.pk)
    done = member_client.post(f"/api/tasks/{task.pk}/quick-complete/").json()
    assert done["task"]["due_date"] == "2026-06-30"

    assert owner_client.delete(f"/api/completions/{done['completion']['id']}/").status_code == 204

    after = Task.objects.values().get(pk=task.pk)
    before.pop("updated_at"), after.pop("updated_at")
    assert after == before
    assert not Completion.objects.filter(task=task).exists()


def test_undo_reopens_a_completed_one_time_task(residence, owner_client):
    task = TaskFactory(residence=residence, due_date=TODAY)
    done = owner_client.post(f"/api/tasks/{task.pk}/quick-complete/").json()
    assert done["task"]["column"] == "completed"
    owner_client.delete(f"/api/completions/{done['completion']['id']}/")
    body = owner_client.get(f"/api/tasks/{task.pk}/").json()
    assert (body["column"], body["completed_at"], body["last_completed_at"]) == ("due_soon", None, None)


def test_only_the_latest_completion_can_be_undone(residence, owner_client, no_dedupe):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=TODAY)
    first = owner_client.post(f"/api/tasks/{task.pk}/quick-complete/").json()
    owner_client.post(f"/api/tasks/{task.pk}/quick-complete/")
    task.refresh_from_db()
    due = task.due_date
    response = owner_client.delete(f"/api/completions/{first['completion']['id']}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"
    task.refresh_from_db()
    assert task.due_date == due
    assert task.completions.count() == 2


def test_undo_on_an_archived_task_is_refused(residence, owner_client):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=TODAY)
    done = owner_client.post(f"/api/tasks/{task.pk}/quick-complete/").json()
    owner_client.post(f"/api/tasks/{task.pk}/archive/")
    response = owner_client.delete(f"/api/completions/{done['completion']['id']}/")
    assert response.status_code == 409
    assert Completion.objects.filter(pk=done["completion"]["id"]).exists()


# --- Summary -------------------------------------------------------------------------------


def test_summary_counts_columns_and_sums_this_years_costs_by_category(residence, owner, owner_client):
    hvac, plumbing = TaskCategory.objects.get(key="hvac"), TaskCategory.objects.get(key="plumbing")
    filter_task = TaskFactory(residence=residence, category=hvac, frequency=frequency("monthly"), due_date=TODAY)
    pipe_task = TaskFactory(residence=residence, category=plumbing, due_date=TODAY - dt.timedelta(2))
    loose = TaskFactory(residence=residence, frequency=frequency("weekly"))
    TaskFactory(residence=residence, is_archived=True)

    def completion(task, when, cost):
        return Completion.objects.create(
            task=task,
            residence=residence,
            completed_by=owner,
            completed_at=when,
            completed_on=when.date(),
            actual_cost=cost,
            task_before={},
        )

    completion(filter_task, dt.datetime(2026, 2, 1, tzinfo=dt.UTC), Decimal("30.00"))
    completion(filter_task, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), Decimal("32.50"))
    completion(loose, dt.datetime(2026, 4, 1, tzinfo=dt.UTC), None)
    completion(pipe_task, dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC), Decimal("500.00"))  # last year

    body = owner_client.get(f"/api/residences/{residence.pk}/summary/").json()

    assert body["total_tasks"] == 4
    assert {c["key"]: c["count"] for c in body["columns"]} == {
        "archived": 1, "cancelled": 0, "completed": 0, "in_progress": 0, "overdue": 1, "due_soon": 1, "upcoming": 1,
    }  # fmt: skip
    assert [c["key"] for c in body["columns"]] == [
        "archived", "cancelled", "completed", "in_progress", "overdue", "due_soon", "upcoming",
    ]  # fmt: skip
    assert body["costs"]["year"] == 2026
    assert body["costs"]["total"] == "62.50"
    assert body["costs"]["completion_count"] == 3
    by_category = {row["category_key"]: row for row in body["costs"]["by_category"]}
    assert by_category["hvac"]["total"] == "62.50"
    assert by_category["hvac"]["count"] == 2
    assert by_category["hvac"]["category_name"] == "HVAC"
    assert by_category[None]["total"] == "0.00"
    assert "plumbing" not in by_category


def test_summary_year_is_the_callers_local_year(residence, owner, make_client, freeze_now):
    # 2027-01-01 04:00 UTC is 23:00 on Dec 31, 2026 in New York.
    freeze_now(dt.datetime(2027, 1, 1, 4, 0, tzinfo=dt.UTC))
    task = TaskFactory(residence=residence, frequency=frequency("weekly"))
    Completion.objects.create(
        task=task,
        residence=residence,
        completed_at=dt.datetime(2027, 1, 1, 3, 0, tzinfo=dt.UTC),  # 22:00 Dec 31 in New York
        completed_on=dt.date(2026, 12, 31),
        actual_cost=Decimal("10.00"),
        task_before={},
    )
    new_yorker = add_member(residence, UserFactory(timezone="America/New_York")).user
    ny = make_client(new_yorker).get(f"/api/residences/{residence.pk}/summary/").json()["costs"]
    utc = make_client(owner).get(f"/api/residences/{residence.pk}/summary/").json()["costs"]
    assert (ny["year"], ny["total"]) == (2026, "10.00")
    assert (utc["year"], utc["total"]) == (2027, "10.00")


# --- Plan limit -------------------------------------------------------------------------------


@pytest.fixture
def limit_two(settings):
    settings.FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE = 2


def create(client, residence, title="t"):
    return client.post("/api/tasks/", {"residence_id": residence.pk, "title": title}, format="json")


def test_free_plan_caps_active_tasks_per_residence(residence, member_client, limit_two):
    assert create(member_client, residence).status_code == 201
    assert create(member_client, residence).status_code == 201
    response = create(member_client, residence)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "upgrade_required"
    assert Task.objects.filter(residence=residence).count() == 2


def test_inactive_tasks_do_not_count_toward_the_limit(residence, owner_client, limit_two):
    TaskFactory(residence=residence, is_cancelled=True)
    TaskFactory(residence=residence, is_archived=True)
    TaskFactory(residence=residence, completed_at=NOW)
    TaskFactory(residence=residence)
    assert create(owner_client, residence).status_code == 201


def test_the_owners_pro_plan_lifts_the_limit_for_every_member(residence, owner, member_client, limit_two):
    make_pro(owner)
    for _ in range(3):
        assert create(member_client, residence).status_code == 201


def test_a_pro_member_does_not_lift_a_free_owners_limit(residence, member, member_client, limit_two):
    make_pro(member)
    TaskFactory.create_batch(2, residence=residence)
    assert create(member_client, residence).status_code == 403


@pytest.mark.parametrize(("flag", "action"), [("is_cancelled", "uncancel"), ("is_archived", "unarchive")])
def test_reactivating_over_the_limit_is_refused(residence, owner_client, limit_two, flag, action):
    TaskFactory.create_batch(2, residence=residence)
    task = TaskFactory(residence=residence, **{flag: True})
    response = owner_client.post(f"/api/tasks/{task.pk}/{action}/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "upgrade_required"
    task.refresh_from_db()
    assert getattr(task, flag) is True


def test_unarchiving_a_cancelled_task_at_the_limit_is_fine(residence, owner_client, limit_two):
    TaskFactory.create_batch(2, residence=residence)
    task = TaskFactory(residence=residence, is_cancelled=True, is_archived=True)
    assert owner_client.post(f"/api/tasks/{task.pk}/unarchive/").status_code == 200
