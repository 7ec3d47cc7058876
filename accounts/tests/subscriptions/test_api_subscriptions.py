"""GET /api/subscriptions/ and POST /api/subscriptions/verify/ for both platforms."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Subscription
from accounts.subscriptions.google import FakePlayClient
from accounts.tests.factories import UserFactory, make_pro
from accounts.tests.subscriptions.apple_pki import make_chain, transaction_payload
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

URL = "/api/subscriptions/"
VERIFY = "/api/subscriptions/verify/"


def play_purchase(token="play-token-1", *, state="SUBSCRIPTION_STATE_ACTIVE", days=30, account=None, ack=False):
    resource = {
        "kind": "androidpublisher#subscriptionPurchaseV2",
        "subscriptionState": state,
        "acknowledgementState": "ACKNOWLEDGEMENT_STATE_ACKNOWLEDGED" if ack else "ACKNOWLEDGEMENT_STATE_PENDING",
        "lineItems": [
            {
                "productId": "honeydue_pro",
                "expiryTime": (datetime.now(UTC) + timedelta(days=days)).isoformat().replace("+00:00", "Z"),
                "autoRenewingPlan": {"autoRenewEnabled": True},
            }
        ],
    }
    if account:
        resource["externalAccountIdentifiers"] = {"obfuscatedExternalAccountId": str(account)}
    FakePlayClient.purchases[token] = resource
    return resource


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(VERIFY, {"platform": "apple", "signed_transaction": "x"}).status_code == 401


def test_a_new_user_is_free_with_free_limits_and_usage(make_client, settings):
    user = UserFactory()
    home = ResidenceFactory(owner=user, name="Main house")
    ResidenceFactory(owner=UserFactory())  # someone else's: not counted
    add_member(ResidenceFactory(owner=UserFactory()), user)  # member only: not owned
    body = make_client(user).get(URL).json()
    assert body["tier"] == "free" and body["platform"] is None and body["expires_at"] is None
    assert body["limits"] == {
        "max_owned_residences": settings.FREE_MAX_OWNED_RESIDENCES,
        "max_active_tasks_per_residence": settings.FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE,
        "max_documents_per_residence": settings.FREE_MAX_DOCUMENTS,
        "can_share": settings.FREE_CAN_SHARE,
    }
    assert body["usage"] == {
        "owned_residences": 1,
        "residences": [{"id": home.pk, "name": "Main house", "active_tasks": 0}],
    }
    assert body["app_account_token"] == str(Subscription.objects.get(user=user).app_account_token)


def test_usage_includes_counts_registered_by_other_apps(make_client, monkeypatch):
    from accounts.subscriptions import selectors

    user = UserFactory()
    home = ResidenceFactory(owner=user)
    monkeypatch.setattr(selectors, "_RESIDENCE_COUNTERS", {})
    selectors.register_residence_counter("active_tasks", lambda ids: dict.fromkeys(ids, 7))
    body = make_client(user).get(URL).json()
    assert body["usage"]["residences"] == [{"id": home.pk, "name": home.name, "active_tasks": 7}]


def test_a_pro_user_sees_pro_without_limits(make_client):
    user = UserFactory()
    make_pro(user, days=10)
    body = make_client(user).get(URL).json()
    assert body["tier"] == "pro" and body["platform"] == "manual"
    assert body["limits"]["max_owned_residences"] is None and body["limits"]["can_share"] is True


def test_one_user_never_sees_another_users_plan(make_client):
    pro, free = UserFactory(), UserFactory()
    make_pro(pro)
    assert make_client(free).get(URL).json()["tier"] == "free"


# --- Apple verify -------------------------------------------------------------------


def test_verifying_an_apple_purchase_makes_the_user_pro(make_client, apple_chain):
    user = UserFactory()
    expires = datetime.now(UTC) + timedelta(days=30)
    response = make_client(user).post(
        VERIFY, {"platform": "apple", "signed_transaction": apple_chain.sign(transaction_payload(expires=expires))}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["tier"] == "pro" and body["platform"] == "apple" and body["status"] == "active"
    assert body["expires_at"] == expires.replace(microsecond=(expires.microsecond // 1000) * 1000).isoformat().replace(
        "+00:00", "Z"
    )
    subscription = Subscription.objects.get(user=user)
    assert subscription.store_reference == "2000000000000001"


def test_a_forged_apple_transaction_is_a_400_and_changes_nothing(make_client):
    user = UserFactory()
    stranger = make_chain(name="Stranger")
    response = make_client(user).post(
        VERIFY, {"platform": "apple", "signed_transaction": stranger.sign(transaction_payload())}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"signed_transaction": ["The transaction could not be verified."]}
    assert not Subscription.objects.filter(user=user, tier="pro").exists()


def test_an_apple_product_that_is_not_pro_is_refused(make_client, apple_chain):
    response = make_client(UserFactory()).post(
        VERIFY, {"platform": "apple", "signed_transaction": apple_chain.sign(transaction_payload(product_id="coins"))}
    )
    assert response.status_code == 400


def test_an_expired_apple_transaction_leaves_the_user_free(make_client, apple_chain):
    user = UserFactory()
    past = datetime.now(UTC) - timedelta(days=1)
    body = (
        make_client(user)
        .post(VERIFY, {"platform": "apple", "signed_transaction": apple_chain.sign(transaction_payload(expires=past))})
        .json()
    )
    assert body["tier"] == "free" and body["status"] == "expired"


def test_an_apple_purchase_already_linked_to_another_account_is_a_409(make_client, apple_chain):
    first, second = UserFactory(), UserFactory()
    signed = apple_chain.sign(transaction_payload())
    assert make_client(first).post(VERIFY, {"platform": "apple", "signed_transaction": signed}).status_code == 200
    response = make_client(second).post(VERIFY, {"platform": "apple", "signed_transaction": signed})
    assert response.status_code == 409
    assert Subscription.objects.get(user=second).effective_tier() == "free"


def test_an_apple_purchase_made_for_another_account_token_is_a_409(make_client, apple_chain):
    owner, other = UserFactory(), UserFactory()
    owner_token = str(make_client(owner).get(URL).json()["app_account_token"])
    signed = apple_chain.sign(transaction_payload(app_account_token=owner_token))
    assert make_client(other).post(VERIFY, {"platform": "apple", "signed_transaction": signed}).status_code == 409
    assert make_client(owner).post(VERIFY, {"platform": "apple", "signed_transaction": signed}).status_code == 200


def test_replaying_an_old_apple_transaction_does_not_move_state_backwards(make_client, apple_chain):
    user = UserFactory()
    client = make_client(user)
    now = datetime.now(UTC)
    old = apple_chain.sign(transaction_payload(expires=now + timedelta(days=2), signed=now - timedelta(days=28)))
    new = apple_chain.sign(transaction_payload(expires=now + timedelta(days=30), signed=now))
    client.post(VERIFY, {"platform": "apple", "signed_transaction": new})
    body = client.post(VERIFY, {"platform": "apple", "signed_transaction": old}).json()
    assert body["expires_at"].startswith((now + timedelta(days=30)).date().isoformat())


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"platform": "apple"}, "signed_transaction"),
        ({"platform": "google", "purchase_token": "t"}, "product_id"),
        ({"platform": "windows"}, "platform"),
    ],
)
def test_verify_validates_input(make_client, data, field):
    response = make_client(UserFactory()).post(VERIFY, data)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


# --- Google verify ------------------------------------------------------------------


def test_verifying_a_google_purchase_makes_the_user_pro_and_acknowledges_it(make_client):
    user = UserFactory()
    play_purchase("tok-1")
    response = make_client(user).post(
        VERIFY, {"platform": "google", "product_id": "honeydue_pro", "purchase_token": "tok-1"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["tier"] == "pro" and body["platform"] == "google" and body["auto_renew"] is True
    assert FakePlayClient.acknowledged == ["tok-1"]


def test_an_unknown_google_token_is_a_400(make_client):
    response = make_client(UserFactory()).post(
        VERIFY, {"platform": "google", "product_id": "honeydue_pro", "purchase_token": "nope"}
    )
    assert response.status_code == 400
    assert "purchase_token" in response.json()["error"]["fields"]


def test_a_google_product_that_is_not_pro_is_refused(make_client):
    play_purchase("tok-2")
    response = make_client(UserFactory()).post(
        VERIFY, {"platform": "google", "product_id": "coins", "purchase_token": "tok-2"}
    )
    assert response.status_code == 400


def test_a_google_purchase_for_another_account_is_a_409(make_client):
    owner, other = UserFactory(), UserFactory()
    token = make_client(owner).get(URL).json()["app_account_token"]
    play_purchase("tok-3", account=token)
    data = {"platform": "google", "product_id": "honeydue_pro", "purchase_token": "tok-3"}
    assert make_client(other).post(VERIFY, data).status_code == 409
    assert make_client(owner).post(VERIFY, data).status_code == 200


def test_a_google_purchase_on_hold_does_not_grant_pro(make_client):
    user = UserFactory()
    play_purchase("tok-4", state="SUBSCRIPTION_STATE_ON_HOLD", days=-1, ack=True)
    body = (
        make_client(user)
        .post(VERIFY, {"platform": "google", "product_id": "honeydue_pro", "purchase_token": "tok-4"})
        .json()
    )
    assert body["tier"] == "free" and body["status"] == "billing_retry"


def test_google_unreachable_is_a_503_and_changes_nothing(make_client):
    user = UserFactory()
    play_purchase("tok-5")
    FakePlayClient.unavailable = True
    response = make_client(user).post(
        VERIFY, {"platform": "google", "product_id": "honeydue_pro", "purchase_token": "tok-5"}
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "store_unavailable"
    assert not Subscription.objects.filter(user=user, tier="pro").exists()


def test_verify_is_throttled(make_client, monkeypatch):
    from accounts.api.subscription_views import VerifyPurchaseView

    throttle = VerifyPurchaseView.throttle_classes[0]
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, "subscription_verify": "2/hour"})
    client = make_client(UserFactory())
    codes = [client.post(VERIFY, {"platform": "apple"}).status_code for _ in range(3)]
    assert codes == [400, 400, 429]


def test_expired_manual_pro_reads_as_free(make_client):
    user = UserFactory()
    subscription = make_pro(user)
    subscription.expires_at = timezone.now() - timedelta(seconds=1)
    subscription.save()
    assert make_client(user).get(URL).json()["tier"] == "free"


def test_usage_counts_active_tasks_per_residence(make_client):
    from accounts.tests.factories import UserFactory
    from residences.models import TaskFrequency
    from residences.tests.factories import ResidenceFactory
    from tasks.models import Task

    user = UserFactory()
    residence = ResidenceFactory(owner=user)
    once = TaskFrequency.objects.get(key="once")
    Task.objects.create(residence=residence, title="Open", frequency=once, frequency_key="once")
    Task.objects.create(residence=residence, title="Gone", frequency=once, frequency_key="once", is_archived=True)
    usage = make_client(user).get("/api/subscriptions/").json()["usage"]
    assert usage["owned_residences"] == 1
    assert usage["residences"][0]["active_tasks"] == 1
