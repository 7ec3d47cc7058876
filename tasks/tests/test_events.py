"""Realtime events go to the residence's group after the write commits (real channel layer)."""

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from notifications.events import residence_group
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db


@pytest.fixture
def listen(residence):
    layer = get_channel_layer()
    # A plain (not process-local "!") channel name: received straight from Redis in any event loop.
    channel = f"tasks-test-listener-{uuid.uuid4().hex}"
    async_to_sync(layer.group_add)(residence_group(residence.pk), channel)

    def receive_all():
        async def drain():
            events = []
            while True:
                try:
                    message = await asyncio.wait_for(layer.receive(channel), timeout=0.5)
                except TimeoutError:
                    return events
                events.append(message["event"])

        return async_to_sync(drain)()

    yield receive_all
    async_to_sync(layer.group_discard)(residence_group(residence.pk), channel)


def test_writes_publish_events_after_commit(residence, owner_client, listen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        created = owner_client.post("/api/tasks/", {"residence_id": residence.pk, "title": "Gutters"}, format="json")
    assert listen() == []  # nothing before the commit
    for callback in pending:
        callback()
    task_id = created.json()["id"]
    [event] = listen()
    assert (event["type"], event["residence_id"], event["data"]["id"]) == ("task.created", residence.pk, task_id)

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.patch(f"/api/tasks/{task_id}/", {"title": "Clean gutters"}, format="json")
        owner_client.post(f"/api/tasks/{task_id}/quick-complete/")
        owner_client.delete(f"/api/tasks/{task_id}/")
    events = listen()
    assert [e["type"] for e in events] == ["task.updated", "task.completed", "task.deleted"]
    assert all(e["data"]["id"] == task_id for e in events)
    assert events[0]["data"]["title"] == "Clean gutters"
    assert events[1]["data"]["completion"]["id"] > 0


def test_a_refused_transition_publishes_nothing(residence, owner_client, listen, django_capture_on_commit_callbacks):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"), is_archived=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert owner_client.post(f"/api/tasks/{task.pk}/start/").status_code == 409
    assert callbacks == []
    assert listen() == []
