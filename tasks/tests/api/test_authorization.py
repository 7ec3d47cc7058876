"""Every tasks endpoint for anonymous (401), outsider (404: never reveal), member and owner (allowed)."""

import datetime as dt

import pytest

from tasks.models import Completion, Task
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db


def _task(residence, **flags):
    return TaskFactory(residence=residence, frequency=frequency("weekly"), due_date=dt.date.today(), **flags)


def _completed(residence):
    task = _task(residence)
    completion = Completion.objects.create(
        task=task,
        residence=residence,
        completed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        completed_on=dt.date(2026, 1, 1),
        task_before={
            "due_date": "2025-12-25",
            "series_start_date": None,
            "in_progress": False,
            "completed_at": None,
            "last_completed_at": None,
        },
    )
    # Recorded an hour ago, so a new completion is not mistaken for a double tap.
    Completion.objects.filter(pk=completion.pk).update(created_at=completion.created_at - dt.timedelta(hours=1))
    return task, completion


# name → (method, url(task, completion, residence), body, setup flags, success status)
ENDPOINTS = {
    "retrieve": ("get", lambda t, c, r: f"/api/tasks/{t.pk}/", None, {}, 200),
    "update": ("patch", lambda t, c, r: f"/api/tasks/{t.pk}/", {"title": "New"}, {}, 200),
    "delete": ("delete", lambda t, c, r: f"/api/tasks/{t.pk}/", None, {}, 204),
    "start": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/start/", None, {}, 200),
    "complete": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/complete/", {"notes": "ok"}, {}, 201),
    "quick-complete": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/quick-complete/", None, {}, 201),
    "cancel": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/cancel/", None, {}, 200),
    "uncancel": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/uncancel/", None, {"is_cancelled": True}, 200),
    "archive": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/archive/", None, {}, 200),
    "unarchive": ("post", lambda t, c, r: f"/api/tasks/{t.pk}/unarchive/", None, {"is_archived": True}, 200),
    "completions": ("get", lambda t, c, r: f"/api/tasks/{t.pk}/completions/", None, {}, 200),
    "undo": ("delete", lambda t, c, r: f"/api/completions/{c.pk}/", None, {}, 204),
    "board": ("get", lambda t, c, r: f"/api/tasks/board/?residence={r.pk}", None, {}, 200),
    "summary": ("get", lambda t, c, r: f"/api/residences/{r.pk}/summary/", None, {}, 200),
}


def call(client, name, residence):
    method, url, body, flags, _ = ENDPOINTS[name]
    task, completion = _completed(residence)
    if flags:
        Task.objects.filter(pk=task.pk).update(**flags)
    call.before = Task.objects.values().get(pk=task.pk)
    return task, getattr(client, method)(url(task, completion, residence), body, format="json")


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_anonymous_gets_401(name, residence, api_client):
    _, response = call(api_client, name, residence)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_outsider_gets_404_and_nothing_changes(name, residence, outsider_client):
    task, response = call(outsider_client, name, residence)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Task.objects.values().get(pk=task.pk) == call.before
    assert Completion.objects.filter(task=task).count() == 1


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("role", ["member", "owner"])
def test_members_and_owner_may(name, role, residence, request):
    client = request.getfixturevalue(f"{role}_client")
    _, response = call(client, name, residence)
    assert response.status_code == ENDPOINTS[name][4], response.content


def test_list_anonymous_gets_401(api_client):
    assert api_client.get("/api/tasks/").status_code == 401
    assert api_client.post("/api/tasks/", {}, format="json").status_code == 401


def test_list_shows_an_outsider_nothing_of_mine(residence, outsider, outsider_client):
    _task(residence)
    mine = _task(outsider.memberships.get().residence)
    assert [t["id"] for t in outsider_client.get("/api/tasks/").json()["results"]] == [mine.pk]
    filtered = outsider_client.get("/api/tasks/", {"residence": residence.pk}).json()
    assert filtered["count"] == 0


@pytest.mark.parametrize("role", ["member", "owner"])
def test_list_shows_members_and_owner_the_residences_tasks(role, residence, request):
    task = _task(residence)
    body = request.getfixturevalue(f"{role}_client").get("/api/tasks/").json()
    assert [t["id"] for t in body["results"]] == [task.pk]


def test_outsider_cannot_create_in_my_residence(residence, outsider_client):
    response = outsider_client.post("/api/tasks/", {"residence_id": residence.pk, "title": "Sneaky"}, format="json")
    assert response.status_code == 400
    assert "residence_id" in response.json()["error"]["fields"]
    assert not Task.objects.filter(residence=residence).exists()


@pytest.mark.parametrize("role", ["member", "owner"])
def test_members_and_owner_create(role, residence, request):
    client = request.getfixturevalue(f"{role}_client")
    response = client.post("/api/tasks/", {"residence_id": residence.pk, "title": "Ours"}, format="json")
    assert response.status_code == 201


def test_a_former_member_loses_access_and_their_assignments(residence, member, member_client):
    task = _task(residence, assigned_to=member)
    member.memberships.filter(residence=residence).delete()
    assert member_client.get(f"/api/tasks/{task.pk}/").status_code == 404
    task.refresh_from_db()
    assert task.assigned_to_id is None
