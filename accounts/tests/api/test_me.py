import pytest
from knox.models import AuthToken

from accounts.models import OneTimeCode, Subscription, User
from accounts.tests.factories import PASSWORD, UserFactory, make_pro
from accounts.tests.helpers import error_of
from residences.models import Membership, Residence
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

ME = "/api/auth/me/"


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_anonymous_gets_401(api_client, method):
    response = getattr(api_client, method)(ME, {}, format="json")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_me_shows_the_profile_and_plan(make_client):
    user = UserFactory(first_name="Ada", timezone="America/New_York", locale="pt")
    body = make_client(user).get(ME).json()
    assert body["id"] == user.pk
    assert body["email"] == user.email
    assert body["first_name"] == "Ada"
    assert body["timezone"] == "America/New_York"
    assert body["locale"] == "pt"
    assert body["date_joined"].endswith("Z")
    assert body["subscription"] == {
        "tier": "free",
        "expires_at": None,
        "limits": {
            "max_owned_residences": 1,
            "max_active_tasks_per_residence": 25,
            "max_documents_per_residence": 5,
            "can_share": False,
        },
    }


def test_me_shows_pro_with_its_end_date(make_client):
    user = UserFactory()
    subscription = make_pro(user, days=10)
    body = make_client(user).get(ME).json()["subscription"]
    assert body["tier"] == "pro"
    assert body["expires_at"] == subscription.expires_at.isoformat().replace("+00:00", "Z")
    assert body["limits"]["max_owned_residences"] is None
    assert body["limits"]["can_share"] is True


def test_patch_updates_names_timezone_and_locale(make_client):
    user = UserFactory()
    response = make_client(user).patch(
        ME,
        {"first_name": "Grace", "last_name": "Hopper", "timezone": "Asia/Tokyo", "locale": "es"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["timezone"] == "Asia/Tokyo"
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.timezone, user.locale) == ("Grace", "Hopper", "Asia/Tokyo", "es")


def test_patch_cannot_change_email_or_verification(make_client):
    user = UserFactory(email="ada@example.com", email_verified=False)
    response = make_client(user).patch(ME, {"email": "evil@example.com", "email_verified": True}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.email == "ada@example.com"
    assert user.email_verified is False


@pytest.mark.parametrize(
    ("body", "field"),
    [({"timezone": "Not/AZone"}, "timezone"), ({"locale": "it"}, "locale"), ({"first_name": "x" * 151}, "first_name")],
)
def test_patch_rejects_bad_values(make_client, body, field):
    user = UserFactory(timezone="UTC")
    response = make_client(user).patch(ME, body, format="json")
    assert response.status_code == 400
    assert field in error_of(response)["fields"]
    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_put_is_not_allowed(make_client):
    assert make_client(UserFactory()).put(ME, {}, format="json").status_code == 405


def test_delete_needs_the_right_password(make_client):
    user = UserFactory()
    response = make_client(user).delete(ME, {"password": "not-it"}, format="json")
    assert response.status_code == 400
    assert "password" in error_of(response)["fields"]
    assert User.objects.filter(pk=user.pk).exists()
    response = make_client(user).delete(ME, {}, format="json")
    assert response.status_code == 400


def test_delete_removes_the_account_and_residences_it_owns_but_not_shared_ones(make_client):
    user, neighbour = UserFactory(), UserFactory()
    make_pro(user)
    owned = ResidenceFactory(owner=user)
    add_member(owned, neighbour)
    theirs = ResidenceFactory(owner=neighbour)
    add_member(theirs, user)
    client = make_client(user)
    response = client.delete(ME, {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Residence.objects.filter(pk=owned.pk).exists()
    assert Residence.objects.filter(pk=theirs.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not AuthToken.objects.filter(user_id=user.pk).exists()
    assert not Subscription.objects.filter(user_id=user.pk).exists()
    assert not OneTimeCode.objects.filter(user_id=user.pk).exists()
    assert client.get(ME).status_code == 401
