import pytest

from accounts.tests.factories import UserFactory
from notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

ALL_ON = {
    "task_reminders": True,
    "overdue_reminders": True,
    "daily_digest": True,
    "warranty_reminders": True,
    "push_enabled": True,
    "email_enabled": True,
}


def test_anonymous_gets_401(api_client):
    assert api_client.get("/api/notifications/preferences/").status_code == 401
    assert api_client.patch("/api/notifications/preferences/", {"push_enabled": False}).status_code == 401


def test_preferences_default_to_all_on_without_a_row(make_client):
    me = UserFactory()
    assert make_client(me).get("/api/notifications/preferences/").json() == ALL_ON
    assert not NotificationPreference.objects.filter(user=me).exists()


def test_patch_changes_only_the_given_fields_and_only_mine(make_client):
    me, other = UserFactory(), UserFactory()
    response = make_client(me).patch("/api/notifications/preferences/", {"daily_digest": False, "email_enabled": False})
    assert response.status_code == 200
    assert response.json() == {**ALL_ON, "daily_digest": False, "email_enabled": False}
    assert make_client(me).get("/api/notifications/preferences/").json()["daily_digest"] is False
    assert make_client(other).get("/api/notifications/preferences/").json() == ALL_ON


def test_patch_with_a_non_boolean_is_a_400_in_the_error_shape(make_client):
    response = make_client(UserFactory()).patch("/api/notifications/preferences/", {"push_enabled": "sometimes"})
    assert response.status_code == 400
    assert "push_enabled" in response.json()["error"]["fields"]
