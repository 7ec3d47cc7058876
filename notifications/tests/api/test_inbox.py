import pytest

from accounts.tests.factories import UserFactory
from notifications.models import Notification
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_on_every_inbox_endpoint(api_client):
    note = NotificationFactory()
    for method, url in [
        ("get", "/api/notifications/"),
        ("get", "/api/notifications/unread-count/"),
        ("post", f"/api/notifications/{note.pk}/read/"),
        ("post", "/api/notifications/read-all/"),
        ("get", f"/api/notifications/{note.pk}/"),
    ]:
        response = getattr(api_client, method)(url)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "not_authenticated"


def test_inbox_lists_my_notifications_newest_first(make_client):
    me = UserFactory()
    older = NotificationFactory(user=me)
    newer = NotificationFactory(user=me)
    NotificationFactory()  # someone else's
    response = make_client(me).get("/api/notifications/")
    assert response.status_code == 200
    assert [n["id"] for n in response.json()["results"]] == [newer.pk, older.pk]
    assert response.json()["count"] == 2


def test_unread_filter_shows_only_unread(make_client):
    me = UserFactory()
    unread = NotificationFactory(user=me)
    read = NotificationFactory(user=me)
    client = make_client(me)
    client.post(f"/api/notifications/{read.pk}/read/")
    assert [n["id"] for n in client.get("/api/notifications/?unread=true").json()["results"]] == [unread.pk]
    assert [n["id"] for n in client.get("/api/notifications/?unread=false").json()["results"]] == [read.pk]


def test_unread_count_counts_only_mine_and_unread(make_client):
    me = UserFactory()
    NotificationFactory.create_batch(3, user=me)
    NotificationFactory()
    client = make_client(me)
    assert client.get("/api/notifications/unread-count/").json() == {"count": 3}
    client.post("/api/notifications/read-all/")
    assert client.get("/api/notifications/unread-count/").json() == {"count": 0}


def test_marking_read_sets_read_at_once(make_client):
    me = UserFactory()
    note = NotificationFactory(user=me)
    client = make_client(me)
    first = client.post(f"/api/notifications/{note.pk}/read/")
    assert first.status_code == 200
    assert first.json()["is_read"] is True
    second = client.post(f"/api/notifications/{note.pk}/read/")
    assert second.json()["read_at"] == first.json()["read_at"]


def test_outsider_gets_404_reading_someone_elses_notification(make_client):
    note = NotificationFactory()
    client = make_client(UserFactory())
    assert client.post(f"/api/notifications/{note.pk}/read/").status_code == 404
    assert client.get(f"/api/notifications/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_touches_only_my_notifications(make_client):
    me = UserFactory()
    NotificationFactory.create_batch(2, user=me)
    theirs = NotificationFactory()
    response = make_client(me).post("/api/notifications/read-all/")
    assert response.json() == {"updated": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
