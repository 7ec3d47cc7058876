"""Two (or twenty) phones completing the same task at once, on real PostgreSQL."""

import datetime as dt
import threading

import pytest
from django.db import connection

from conftest import client_for
from residences.tests.factories import ResidenceFactory, add_member
from tasks.models import Completion, Task
from tasks.tests.factories import TaskFactory, frequency

THREADS = 20


def hammer(clients, url):
    """POST `url` from every client at the same instant; each thread uses (and closes) its own DB connection."""
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait(timeout=30)
            response = client.post(url)
            results[index] = (response.status_code, response.json())
        except Exception as exc:  # a crash must fail the test, not vanish with the thread
            results[index] = (None, repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key", ["weekly", "once"])
def test_it_advances_due_date_once_under_race(key):
    residence = ResidenceFactory()
    users = [residence.memberships.get().user] + [add_member(residence).user for _ in range(THREADS - 1)]
    clients = [client_for(user) for user in users]
    due = dt.date(2026, 1, 5)
    task = TaskFactory(residence=residence, frequency=frequency(key), due_date=due)

    results = hammer(clients, f"/api/tasks/{task.pk}/quick-complete/")

    statuses = sorted(status for status, _ in results)
    assert None not in statuses, results
    assert all(status < 500 for status in statuses), results
    assert statuses.count(201) == 1, statuses
    expected_code = "conflict" if key == "weekly" else "invalid_transition"
    assert all(body["error"]["code"] == expected_code for status, body in results if status == 409)

    task.refresh_from_db()
    completions = list(Completion.objects.filter(task=task))
    assert len(completions) == 1
    assert completions[0].closed_due_date == due
    winner = next(body for status, body in results if status == 201)
    assert winner["completion"]["id"] == completions[0].pk
    if key == "weekly":
        local_date = completions[0].completed_on
        assert task.due_date == local_date + dt.timedelta(days=7)
    else:
        assert task.completed_at == completions[0].completed_at
    assert Task.objects.get(pk=task.pk).in_progress is False
