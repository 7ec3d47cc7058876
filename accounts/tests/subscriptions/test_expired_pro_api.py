"""An expired Pro falls back to free through the API: nothing is lost, only creating more is blocked."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory, make_pro
from residences.models import TaskFrequency
from residences.tests.factories import ResidenceFactory
from tasks.models import Task

pytestmark = pytest.mark.django_db


def test_expired_pro_keeps_reading_everything_but_cannot_create_more(make_client, settings):
    settings.FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE = 1
    user = UserFactory()
    subscription = make_pro(user)
    client = make_client(user)
    homes = [ResidenceFactory(owner=user), ResidenceFactory(owner=user)]
    once = TaskFrequency.objects.get(key="once")
    for title in ("Gutters", "Roof"):
        Task.objects.create(residence=homes[0], title=title, frequency=once, frequency_key="once")

    subscription.expires_at = timezone.now() - dt.timedelta(minutes=1)
    subscription.save(update_fields=["expires_at"])

    assert client.get("/api/subscriptions/").json()["tier"] == "free"
    assert client.get("/api/residences/").json()["count"] == 2
    for home in homes:
        assert client.get(f"/api/residences/{home.pk}/").status_code == 200
    assert client.get(f"/api/tasks/?residence={homes[0].pk}").json()["count"] == 2

    third = client.post("/api/residences/", {"name": "Cabin"}, format="json")
    assert (third.status_code, third.json()["error"]["code"]) == (403, "upgrade_required")
    task = client.post("/api/tasks/", {"residence_id": homes[0].pk, "title": "Windows"}, format="json")
    assert (task.status_code, task.json()["error"]["code"]) == (403, "upgrade_required")
    assert (
        client.patch(f"/api/residences/{homes[1].pk}/", {"notes": "still editable"}, format="json").status_code == 200
    )
