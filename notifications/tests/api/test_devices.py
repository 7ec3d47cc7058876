import pytest

from accounts.tests.factories import UserFactory
from notifications.models import Device
from notifications.tests.factories import DeviceFactory

pytestmark = pytest.mark.django_db
TOKEN = "a" * 64


def test_anonymous_gets_401(api_client):
    assert api_client.post("/api/notifications/devices/", {"platform": "ios", "token": TOKEN}).status_code == 401
    assert api_client.delete(f"/api/notifications/devices/{TOKEN}/").status_code == 401


def test_registering_a_new_token_is_201_and_again_is_200(make_client):
    me = UserFactory()
    client = make_client(me)
    first = client.post("/api/notifications/devices/", {"platform": "ios", "token": TOKEN, "app_version": "2.1"})
    assert first.status_code == 201
    assert first.json()["platform"] == "ios"
    again = client.post("/api/notifications/devices/", {"platform": "ios", "token": TOKEN, "app_version": "2.2"})
    assert again.status_code == 200
    assert Device.objects.get(token=TOKEN).app_version == "2.2"
    assert Device.objects.count() == 1


def test_a_token_registered_by_another_user_moves_to_them(make_client):
    first_owner, new_owner = UserFactory(), UserFactory()
    DeviceFactory(user=first_owner, token=TOKEN, is_active=False)
    response = make_client(new_owner).post("/api/notifications/devices/", {"platform": "android", "token": TOKEN})
    assert response.status_code == 200
    device = Device.objects.get(token=TOKEN)
    assert (device.user_id, device.platform, device.is_active) == (new_owner.pk, "android", True)


def test_bad_platform_or_missing_token_is_400(make_client):
    client = make_client(UserFactory())
    bad = client.post("/api/notifications/devices/", {"platform": "windows", "token": TOKEN})
    assert bad.status_code == 400
    assert "platform" in bad.json()["error"]["fields"]
    assert client.post("/api/notifications/devices/", {"platform": "ios", "token": "  "}).status_code == 400
    assert not Device.objects.exists()


def test_deleting_my_device_is_204(make_client):
    me = UserFactory()
    DeviceFactory(user=me, token=TOKEN)
    assert make_client(me).delete(f"/api/notifications/devices/{TOKEN}/").status_code == 204
    assert not Device.objects.exists()


def test_outsider_gets_404_deleting_someone_elses_device(make_client):
    DeviceFactory(token=TOKEN)
    assert make_client(UserFactory()).delete(f"/api/notifications/devices/{TOKEN}/").status_code == 404
    assert Device.objects.filter(token=TOKEN).exists()
