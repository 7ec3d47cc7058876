import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.test import override_settings

from accounts.tests.factories import UserFactory
from residences.models import Membership
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

IN_MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def members_url(residence) -> str:
    return f"/api/residences/{residence.pk}/members/"


def member_url(residence, user) -> str:
    return f"/api/residences/{residence.pk}/members/{user.pk}/"


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def residence(owner):
    return ResidenceFactory(owner=owner)


@pytest.fixture
def member(residence):
    return add_member(residence).user


# --- list -------------------------------------------------------------------------------


def test_anonymous_cannot_list_members(api_client, residence):
    assert api_client.get(members_url(residence)).status_code == 401


def test_outsider_gets_404_for_members(make_client, residence):
    assert make_client(UserFactory()).get(members_url(residence)).status_code == 404


def test_member_sees_everyone_owner_first(make_client, owner, residence, member):
    other = add_member(residence).user
    body = make_client(member).get(members_url(residence)).json()
    assert body["count"] == 3
    assert [(m["user"]["id"], m["role"]) for m in body["results"]] == [
        (owner.pk, "owner"),
        (member.pk, "member"),
        (other.pk, "member"),
    ]
    first = body["results"][0]
    assert set(first) == {"user", "role", "joined_at"}
    assert set(first["user"]) == {"id", "email", "first_name", "last_name"}


def test_owner_sees_members(make_client, owner, residence, member):
    assert make_client(owner).get(members_url(residence)).json()["count"] == 2


# --- remove / leave -----------------------------------------------------------------------


def test_anonymous_cannot_remove(api_client, residence, member):
    assert api_client.delete(member_url(residence, member)).status_code == 401


def test_outsider_gets_404_when_removing(make_client, residence, member):
    assert make_client(UserFactory()).delete(member_url(residence, member)).status_code == 404
    assert Membership.objects.filter(residence=residence, user=member).exists()


def test_owner_removes_a_member(make_client, owner, residence, member):
    assert make_client(owner).delete(member_url(residence, member)).status_code == 204
    assert not Membership.objects.filter(residence=residence, user=member).exists()
    assert make_client(member).get(f"/api/residences/{residence.pk}/").status_code == 404


def test_owner_cannot_remove_themselves(make_client, owner, residence):
    response = make_client(owner).delete(member_url(residence, owner))
    assert response.status_code == 403
    assert Membership.objects.filter(residence=residence, user=owner, role="owner").exists()


def test_member_leaves(make_client, residence, member):
    assert make_client(member).delete(member_url(residence, member)).status_code == 204
    assert not Membership.objects.filter(residence=residence, user=member).exists()


def test_member_cannot_remove_another_member(make_client, residence, member):
    other = add_member(residence).user
    assert make_client(member).delete(member_url(residence, other)).status_code == 403
    assert Membership.objects.filter(residence=residence, user=other).exists()


def test_member_cannot_remove_the_owner(make_client, owner, residence, member):
    assert make_client(member).delete(member_url(residence, owner)).status_code == 403


def test_removing_someone_who_is_not_a_member_is_404(make_client, owner, residence):
    stranger = UserFactory()
    assert make_client(owner).delete(member_url(residence, stranger)).status_code == 404


@override_settings(CHANNEL_LAYERS=IN_MEMORY_LAYER)
def test_leaving_publishes_member_left_and_the_membership_change(
    make_client, residence, member, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    residence_channel = async_to_sync(layer.new_channel)()
    user_channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"residence.{residence.pk}", residence_channel)
    async_to_sync(layer.group_add)(f"user.{member.pk}", user_channel)

    with django_capture_on_commit_callbacks(execute=True):
        assert make_client(member).delete(member_url(residence, member)).status_code == 204

    event = async_to_sync(layer.receive)(residence_channel)["event"]
    assert event["type"] == "member.left"
    assert event["residence_id"] == residence.pk
    assert event["data"]["user"]["id"] == member.pk
    change = async_to_sync(layer.receive)(user_channel)
    assert change == {"type": "membership.changed", "residence_id": residence.pk, "joined": False}


def test_nothing_is_published_when_removal_is_refused(
    make_client, residence, member, django_capture_on_commit_callbacks
):
    other = add_member(residence).user
    with django_capture_on_commit_callbacks() as callbacks:
        make_client(member).delete(member_url(residence, other))
    assert callbacks == []
