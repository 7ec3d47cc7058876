import re
import threading
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from accounts.tests.factories import UserFactory, make_pro
from conftest import client_for
from residences.api.views import JoinView
from residences.models import Membership, ShareCode
from residences.services import SHARE_CODE_ALPHABET
from residences.tests.factories import ResidenceFactory, add_member

JOIN = "/api/residences/join/"
IN_MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def share_url(residence) -> str:
    return f"/api/residences/{residence.pk}/share-code/"


@pytest.fixture
def owner(db):
    user = UserFactory()
    make_pro(user)
    return user


@pytest.fixture
def residence(owner):
    return ResidenceFactory(owner=owner, name="Shared Home")


def issue_code(residence, client) -> str:
    response = client.post(share_url(residence))
    assert response.status_code == 201, response.json()
    return response.json()["code"]


# --- share code -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_cannot_issue_a_code(api_client, residence):
    assert api_client.post(share_url(residence)).status_code == 401


@pytest.mark.django_db
def test_outsider_gets_404_when_issuing(make_client, residence):
    assert make_client(UserFactory()).post(share_url(residence)).status_code == 404
    assert not ShareCode.objects.exists()


@pytest.mark.django_db
def test_member_cannot_issue_a_code(make_client, residence):
    member = add_member(residence).user
    make_pro(member)
    response = make_client(member).post(share_url(residence))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.django_db
def test_owner_issues_a_code_valid_for_seven_days(make_client, owner, residence):
    before = timezone.now()
    response = make_client(owner).post(share_url(residence))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "expires_at"}
    assert re.fullmatch(r"[A-Z2-9]{6}", body["code"])
    assert not set(body["code"]) & set("O0I1L")
    expires_at = ShareCode.objects.get(residence=residence).expires_at
    assert before + timedelta(days=7) <= expires_at <= timezone.now() + timedelta(days=7)
    assert body["expires_at"].endswith("Z")


@pytest.mark.django_db
def test_a_new_code_replaces_the_previous_one(make_client, owner, residence):
    client = make_client(owner)
    first = issue_code(residence, client)
    second = issue_code(residence, client)
    assert ShareCode.objects.filter(residence=residence).count() == 1
    assert ShareCode.objects.get(residence=residence).code == second
    if first != second:
        response = make_client(UserFactory()).post(JOIN, {"code": first})
        assert response.status_code == 400


@pytest.mark.django_db
def test_free_owner_cannot_share(make_client):
    free_owner = UserFactory()
    residence = ResidenceFactory(owner=free_owner)
    response = make_client(free_owner).post(share_url(residence))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "upgrade_required"
    assert not ShareCode.objects.exists()


@pytest.mark.django_db
@override_settings(FREE_CAN_SHARE=True)
def test_sharing_on_free_follows_the_setting(make_client):
    free_owner = UserFactory()
    residence = ResidenceFactory(owner=free_owner)
    assert make_client(free_owner).post(share_url(residence)).status_code == 201


def test_codes_use_only_the_unambiguous_alphabet():
    assert not set(SHARE_CODE_ALPHABET) & set("O0I1L")
    assert re.fullmatch(r"[A-Z2-9]+", SHARE_CODE_ALPHABET)


# --- join -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_cannot_join(api_client):
    assert api_client.post(JOIN, {"code": "ABCDEF"}).status_code == 401


@pytest.mark.django_db
def test_joining_with_a_code_makes_a_member(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    joiner = UserFactory()
    client = make_client(joiner)

    response = client.post(JOIN, {"code": code})

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == residence.pk
    assert body["role"] == "member"
    assert body["member_count"] == 2
    assert body["owner"]["id"] == owner.pk
    assert Membership.objects.get(residence=residence, user=joiner).role == "member"
    listed = client.get("/api/residences/").json()["results"]
    assert [item["id"] for item in listed] == [residence.pk]


@pytest.mark.django_db
def test_join_code_is_case_insensitive_and_ignores_spaces(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    sloppy = f" {code[:3].lower()} {code[3:].lower()} "
    assert make_client(UserFactory()).post(JOIN, {"code": sloppy}).status_code == 200


@pytest.mark.django_db
def test_joining_twice_is_idempotent(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    client = make_client(UserFactory())
    assert client.post(JOIN, {"code": code}).status_code == 200
    assert client.post(JOIN, {"code": code}).status_code == 200
    assert Membership.objects.filter(residence=residence).count() == 2


@pytest.mark.django_db
def test_owner_joining_their_own_residence_stays_owner(make_client, owner, residence):
    client = make_client(owner)
    code = issue_code(residence, client)
    response = client.post(JOIN, {"code": code})
    assert response.status_code == 200
    assert response.json()["role"] == "owner"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "", "O0I1L2", "ABCDEFG"])
def test_unknown_or_malformed_code_is_400_on_the_code_field(make_client, owner, residence, code):
    issue_code(residence, make_client(owner))
    response = make_client(UserFactory()).post(JOIN, {"code": code})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "code" in error["fields"]


@pytest.mark.django_db
def test_missing_code_is_400(make_client):
    response = make_client(UserFactory()).post(JOIN, {})
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_expired_code_is_400(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    ShareCode.objects.filter(residence=residence).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = make_client(UserFactory()).post(JOIN, {"code": code})
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    assert Membership.objects.filter(residence=residence).count() == 1


@pytest.mark.django_db
def test_code_stops_working_when_the_owner_loses_pro(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    owner.subscription.delete()
    response = make_client(UserFactory()).post(JOIN, {"code": code})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "upgrade_required"
    assert Membership.objects.filter(residence=residence).count() == 1


@pytest.mark.django_db
def test_joined_residence_becomes_primary_only_without_one(make_client, owner, residence):
    code = issue_code(residence, make_client(owner))
    newcomer, homeowner = UserFactory(), UserFactory()
    ResidenceFactory(owner=homeowner)
    Membership.objects.filter(user=homeowner).update(is_primary=True)
    assert make_client(newcomer).post(JOIN, {"code": code}).json()["is_primary"] is True
    assert make_client(homeowner).post(JOIN, {"code": code}).json()["is_primary"] is False


@pytest.mark.django_db
def test_join_is_throttled_per_user(make_client, monkeypatch):
    join_throttle = JoinView.throttle_classes[-1]
    assert join_throttle.scope == "join_user"
    monkeypatch.setattr(join_throttle, "THROTTLE_RATES", {**join_throttle.THROTTLE_RATES, "join_user": "2/hour"})
    client = make_client(UserFactory())
    assert client.post(JOIN, {"code": "ZZZZZZ"}).status_code == 400
    assert client.post(JOIN, {"code": "ZZZZZZ"}).status_code == 400
    response = client.post(JOIN, {"code": "ZZZZZZ"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Retry-After" in response
    assert make_client(UserFactory()).post(JOIN, {"code": "ZZZZZZ"}).status_code == 400, "another user is not throttled"


@pytest.mark.django_db
@override_settings(CHANNEL_LAYERS=IN_MEMORY_LAYER)
def test_joining_publishes_member_joined_and_the_membership_change(
    make_client, owner, residence, django_capture_on_commit_callbacks
):
    code = issue_code(residence, make_client(owner))
    joiner = UserFactory()
    layer = get_channel_layer()
    residence_channel = async_to_sync(layer.new_channel)()
    user_channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"residence.{residence.pk}", residence_channel)
    async_to_sync(layer.group_add)(f"user.{joiner.pk}", user_channel)
    client = make_client(joiner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN, {"code": code})

    event = async_to_sync(layer.receive)(residence_channel)["event"]
    assert (event["type"], event["residence_id"], event["data"]["user"]["id"]) == (
        "member.joined",
        residence.pk,
        joiner.pk,
    )
    change = async_to_sync(layer.receive)(user_channel)
    assert change == {"type": "membership.changed", "residence_id": residence.pk, "joined": True}

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(JOIN, {"code": code})
    assert callbacks == [], "a repeated join publishes nothing"


# --- races (real PostgreSQL, one connection per thread) ---------------------------------------


def _join_in_threads(clients, code) -> list[int]:
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    lock = threading.Lock()

    def run(client):
        try:
            barrier.wait()
            status = client.post(JOIN, {"code": code}).status_code
            with lock:
                statuses.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_people_joining_at_once_each_get_one_membership():
    owner = UserFactory()
    make_pro(owner)
    residence = ResidenceFactory(owner=owner)
    code = issue_code(residence, client_for(owner))
    joiners = [UserFactory() for _ in range(20)]

    statuses = _join_in_threads([client_for(user) for user in joiners], code)

    assert statuses == [200] * 20
    memberships = Membership.objects.filter(residence=residence)
    assert memberships.count() == 21
    assert set(memberships.filter(role="member").values_list("user_id", flat=True)) == {u.pk for u in joiners}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_one_person_joining_from_twenty_threads_gets_one_membership():
    owner = UserFactory()
    make_pro(owner)
    residence = ResidenceFactory(owner=owner)
    code = issue_code(residence, client_for(owner))
    joiner = UserFactory()

    statuses = _join_in_threads([client_for(joiner) for _ in range(20)], code)

    assert statuses == [200] * 20
    assert Membership.objects.filter(residence=residence, user=joiner).count() == 1
    assert Membership.objects.filter(user=joiner, is_primary=True).count() == 1
