import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.test import override_settings

from accounts.tests.factories import UserFactory, make_pro
from residences.models import Membership, Residence, ResidenceType
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

LIST = "/api/residences/"


def detail(residence) -> str:
    return f"/api/residences/{residence.pk}/"


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def residence(owner):
    return ResidenceFactory(owner=owner, name="Maple House")


@pytest.fixture
def member(residence):
    return add_member(residence).user


# --- list -------------------------------------------------------------------------------


def test_anonymous_cannot_list(api_client):
    response = api_client.get(LIST)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_list_shows_owned_and_shared_residences_with_my_role(make_client, owner, residence):
    shared = ResidenceFactory(name="Beach Flat")
    add_member(shared, owner)
    ResidenceFactory(name="Someone else's")

    body = make_client(owner).get(LIST).json()

    assert body["count"] == 2
    assert body["next"] is None and body["previous"] is None
    roles = {item["name"]: item["role"] for item in body["results"]}
    assert roles == {"Maple House": "owner", "Beach Flat": "member"}


def test_list_is_paginated(make_client, owner):
    make_pro(owner)
    for _ in range(3):
        ResidenceFactory(owner=owner)
    body = make_client(owner).get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None


def test_list_fields_are_exactly_the_contract(make_client, owner, residence, member):
    item = make_client(member).get(LIST).json()["results"][0]
    assert set(item) == {
        "id",
        "name",
        "residence_type_id",
        "street",
        "city",
        "region",
        "postal_code",
        "country",
        "year_built",
        "square_feet",
        "bedrooms",
        "bathrooms",
        "purchase_date",
        "notes",
        "is_primary",
        "owner",
        "role",
        "member_count",
        "created_at",
        "updated_at",
    }
    assert item["owner"] == {
        "id": owner.pk,
        "email": owner.email,
        "first_name": owner.first_name,
        "last_name": owner.last_name,
    }
    assert item["role"] == "member"
    assert item["member_count"] == 2
    assert item["created_at"].endswith("Z")


def test_list_query_count_does_not_grow_with_residences(make_client, owner, django_assert_max_num_queries):
    make_pro(owner)
    for _ in range(5):
        residence = ResidenceFactory(owner=owner)
        add_member(residence)
    client = make_client(owner)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.json()["count"] == 5


# --- create -----------------------------------------------------------------------------


def test_anonymous_cannot_create(api_client):
    assert api_client.post(LIST, {"name": "Home"}).status_code == 401


def test_create_makes_the_caller_owner(make_client):
    user = UserFactory()
    house = ResidenceType.objects.get(key="house")
    response = make_client(user).post(
        LIST,
        {
            "name": "  Oak Cottage ",
            "residence_type_id": house.pk,
            "city": "Portland",
            "country": "us",
            "year_built": 1962,
            "bathrooms": 1.5,
            "purchase_date": "2020-05-01",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Oak Cottage"
    assert body["role"] == "owner"
    assert body["owner"]["id"] == user.pk
    assert body["member_count"] == 1
    assert body["country"] == "US"
    assert body["bathrooms"] == 1.5
    assert body["residence_type_id"] == house.pk
    membership = Membership.objects.get(residence_id=body["id"])
    assert (membership.user, membership.role) == (user, Membership.Role.OWNER)


def test_first_residence_becomes_primary(make_client):
    user = UserFactory()
    make_pro(user)
    client = make_client(user)
    first = client.post(LIST, {"name": "First"}).json()
    second = client.post(LIST, {"name": "Second"}).json()
    assert first["is_primary"] is True
    assert second["is_primary"] is False


def test_creating_with_is_primary_moves_the_primary(make_client):
    user = UserFactory()
    make_pro(user)
    client = make_client(user)
    first = client.post(LIST, {"name": "First"}).json()
    second = client.post(LIST, {"name": "Second", "is_primary": True}).json()
    assert second["is_primary"] is True
    assert client.get(f"/api/residences/{first['id']}/").json()["is_primary"] is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Home", "residence_type_id": 999999}, "residence_type_id"),
        ({"name": "Home", "year_built": 99}, "year_built"),
        ({"name": "Home", "bathrooms": -1}, "bathrooms"),
        ({"name": "Home", "bedrooms": -2}, "bedrooms"),
        ({"name": "Home", "country": "USA"}, "country"),
        ({"name": "Home", "purchase_date": "yesterday"}, "purchase_date"),
    ],
)
def test_create_rejects_bad_input_with_the_error_shape(make_client, payload, field):
    user = UserFactory()
    response = make_client(user).post(LIST, payload)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert not Residence.objects.exists()


def test_free_user_cannot_own_a_second_residence(make_client, owner, residence):
    response = make_client(owner).post(LIST, {"name": "Second home"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "upgrade_required"
    assert Membership.objects.filter(user=owner, role="owner").count() == 1


def test_being_a_member_elsewhere_does_not_count_against_the_free_limit(make_client):
    user = UserFactory()
    add_member(ResidenceFactory(), user)
    assert make_client(user).post(LIST, {"name": "Mine"}).status_code == 201


def test_pro_user_can_own_several_residences(make_client, owner, residence):
    make_pro(owner)
    assert make_client(owner).post(LIST, {"name": "Second home"}).status_code == 201


@override_settings(FREE_MAX_OWNED_RESIDENCES=2)
def test_the_free_limit_comes_from_settings(make_client, owner, residence):
    client = make_client(owner)
    assert client.post(LIST, {"name": "Second"}).status_code == 201
    assert client.post(LIST, {"name": "Third"}).status_code == 403


# --- retrieve ---------------------------------------------------------------------------


def test_anonymous_cannot_retrieve(api_client, residence):
    assert api_client.get(detail(residence)).status_code == 401


def test_outsider_gets_404(make_client, residence):
    response = make_client(UserFactory()).get(detail(residence))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_member_can_read(make_client, residence, member):
    body = make_client(member).get(detail(residence)).json()
    assert body["name"] == "Maple House"
    assert body["role"] == "member"


def test_owner_can_read(make_client, owner, residence):
    assert make_client(owner).get(detail(residence)).json()["role"] == "owner"


def test_unknown_id_is_404(make_client, owner):
    assert make_client(owner).get("/api/residences/99999999/").status_code == 404


# --- update -----------------------------------------------------------------------------


def test_anonymous_cannot_update(api_client, residence):
    assert api_client.patch(detail(residence), {"name": "X"}).status_code == 401


def test_outsider_cannot_update_and_gets_404(make_client, residence):
    assert make_client(UserFactory()).patch(detail(residence), {"name": "X"}).status_code == 404
    residence.refresh_from_db()
    assert residence.name == "Maple House"


def test_member_cannot_update_and_gets_403(make_client, residence, member):
    response = make_client(member).patch(detail(residence), {"name": "Mine now"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    residence.refresh_from_db()
    assert residence.name == "Maple House"


def test_owner_can_update(make_client, owner, residence):
    response = make_client(owner).patch(detail(residence), {"name": "Maple Lodge", "bedrooms": 3})
    assert response.status_code == 200
    assert response.json()["name"] == "Maple Lodge"
    assert response.json()["bedrooms"] == 3
    assert response.json()["owner"]["id"] == owner.pk
    residence.refresh_from_db()
    assert (residence.name, residence.bedrooms) == ("Maple Lodge", 3)


def test_owner_update_is_validated(make_client, owner, residence):
    response = make_client(owner).patch(detail(residence), {"year_built": 3000})
    assert response.status_code == 400
    assert "year_built" in response.json()["error"]["fields"]


def test_member_may_mark_the_residence_as_their_own_primary(make_client, residence, member):
    own = ResidenceFactory(owner=member)
    Membership.objects.filter(user=member, residence=own).update(is_primary=True)
    client = make_client(member)

    response = client.patch(detail(residence), {"is_primary": True})

    assert response.status_code == 200
    assert response.json()["is_primary"] is True
    assert client.get(detail(own)).json()["is_primary"] is False


def test_primary_is_per_user(make_client, owner, residence, member):
    make_client(member).patch(detail(residence), {"is_primary": True})
    make_client(owner).patch(detail(residence), {"is_primary": False})
    assert make_client(member).get(detail(residence)).json()["is_primary"] is True
    assert make_client(owner).get(detail(residence)).json()["is_primary"] is False


def test_put_is_not_offered(make_client, owner, residence):
    assert make_client(owner).put(detail(residence), {"name": "X"}).status_code == 405


# --- delete -----------------------------------------------------------------------------


def test_anonymous_cannot_delete(api_client, residence):
    assert api_client.delete(detail(residence)).status_code == 401


def test_outsider_cannot_delete_and_gets_404(make_client, residence):
    assert make_client(UserFactory()).delete(detail(residence)).status_code == 404
    assert Residence.objects.filter(pk=residence.pk).exists()


def test_member_cannot_delete_and_gets_403(make_client, residence, member):
    assert make_client(member).delete(detail(residence)).status_code == 403
    assert Residence.objects.filter(pk=residence.pk).exists()


def test_owner_deletes_the_residence_for_everyone(make_client, owner, residence, member):
    assert make_client(owner).delete(detail(residence)).status_code == 204
    assert not Residence.objects.filter(pk=residence.pk).exists()
    assert make_client(member).get(LIST).json()["count"] == 0


def test_deleting_frees_the_free_plan_slot(make_client, owner, residence):
    client = make_client(owner)
    client.delete(detail(residence))
    assert client.post(LIST, {"name": "New home"}).status_code == 201


@override_settings(CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}})
def test_deleting_tells_every_members_sockets_to_drop_the_residence(
    make_client, owner, residence, member, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channels = {}
    for user in (owner, member):
        channels[user.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(f"user.{user.pk}", channels[user.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert make_client(owner).delete(detail(residence)).status_code == 204

    for channel in channels.values():
        message = async_to_sync(layer.receive)(channel)
        assert message == {"type": "membership.changed", "residence_id": residence.pk, "joined": False}


@pytest.mark.parametrize("body", [[{"name": "X"}], ["name"], "name"])
def test_a_body_that_is_not_an_object_is_400(make_client, owner, residence, member, body):
    for user in (owner, member):
        response = make_client(user).patch(detail(residence), body, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation_error"
