"""List, board and summary cost the same number of SQL queries for 5 tasks and for 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from residences.models import TaskCategory
from tasks.models import Completion, Task
from tasks.tests.factories import frequency

pytestmark = pytest.mark.django_db


def fill(residence, user, n: int) -> None:
    weekly, once = frequency("weekly"), frequency("once")
    categories = list(TaskCategory.objects.all())
    today = dt.date.today()
    tasks = Task.objects.bulk_create(
        Task(
            residence=residence,
            title=f"Task {i}",
            frequency=weekly if i % 2 else once,
            frequency_key="weekly" if i % 2 else "once",
            category=categories[i % len(categories)],
            due_date=today + dt.timedelta(days=i % 90 - 30),
            in_progress=i % 7 == 0,
            is_cancelled=i % 11 == 0,
            is_archived=i % 13 == 0,
            assigned_to=user if i % 3 == 0 else None,
            created_by=user,
        )
        for i in range(n)
    )
    Completion.objects.bulk_create(
        Completion(
            task=task,
            residence=residence,
            completed_by=user,
            completed_at=dt.datetime.now(dt.UTC),
            completed_on=today,
            actual_cost=Decimal("12.50"),
            task_before={},
        )
        for task in tasks
    )


def queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/tasks/?page_size=100",
        "/api/tasks/?page_size=100&column=overdue&search=Task&ordering=-due_date",
        "/api/tasks/board/?residence={r}",
        "/api/tasks/board/",
        "/api/residences/{r}/summary/",
    ],
)
def test_query_count_does_not_grow_with_tasks(url, residence, owner, owner_client):
    url = url.format(r=residence.pk)
    fill(residence, owner, 5)
    small, _ = queries(owner_client, url)
    fill(residence, owner, 495)
    large, large_body = queries(owner_client, url)
    assert small == large, (small, large)
    # And the large response really covers the 500 tasks.
    if "summary" in url:
        assert large_body["total_tasks"] == 500
    elif "board" in url:
        assert sum(c["count"] for c in large_body["columns"]) == 500
    elif "column" not in url:
        assert large_body["count"] == 500
