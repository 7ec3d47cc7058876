"""Plan limits read the real subscription; a lapsed Pro falls back to free without losing data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Subscription
from accounts.plans import PRO_LIMITS, limits_for, tier_for, within
from accounts.tests.factories import UserFactory, make_pro
from residences.models import Membership
from residences.selectors import residences_for
from residences.tests.factories import ResidenceFactory

pytestmark = pytest.mark.django_db


def owned_count(user) -> int:
    return Membership.objects.filter(user=user, role=Membership.Role.OWNER).count()


def store_sub(user, **fields) -> Subscription:
    defaults = {"tier": "pro", "source": "apple", "status": "active", "store_reference": f"otx-{user.pk}"}
    return Subscription.objects.create(user=user, **{**defaults, **fields})


def test_a_free_user_is_held_to_the_free_limits(settings):
    settings.FREE_MAX_OWNED_RESIDENCES = 1
    user = UserFactory()
    assert within(limits_for(user).max_owned_residences, owned_count(user))
    ResidenceFactory(owner=user)
    assert not within(limits_for(user).max_owned_residences, owned_count(user))


def test_a_pro_user_is_not_limited():
    user = UserFactory()
    make_pro(user)
    for _ in range(3):
        ResidenceFactory(owner=user)
    assert limits_for(user) == PRO_LIMITS
    assert within(limits_for(user).max_owned_residences, owned_count(user))


def test_an_expired_pro_falls_back_to_free_without_losing_data(settings):
    settings.FREE_MAX_OWNED_RESIDENCES = 1
    user = UserFactory()
    subscription = make_pro(user)
    homes = [ResidenceFactory(owner=user), ResidenceFactory(owner=user)]
    subscription.expires_at = timezone.now() - timedelta(minutes=1)
    subscription.save()
    user.refresh_from_db()
    assert tier_for(user) == "free"
    # Existing residences stay readable ...
    assert set(residences_for(user).values_list("pk", flat=True)) == {h.pk for h in homes}
    # ... only creating more is blocked.
    assert not within(limits_for(user).max_owned_residences, owned_count(user))


def test_a_store_subscription_in_grace_is_still_pro():
    now = timezone.now()
    user = UserFactory()
    store_sub(user, status="grace", expires_at=now - timedelta(days=1), grace_expires_at=now + timedelta(days=2))
    assert tier_for(user) == "pro"


def test_a_store_subscription_whose_grace_ended_is_free():
    now = timezone.now()
    user = UserFactory()
    store_sub(user, status="grace", expires_at=now - timedelta(days=9), grace_expires_at=now - timedelta(days=1))
    assert tier_for(user) == "free"


def test_billing_retry_after_expiry_is_free():
    user = UserFactory()
    store_sub(user, status="billing_retry", expires_at=timezone.now() - timedelta(minutes=1))
    assert tier_for(user) == "free"


@pytest.mark.parametrize("status", ["refunded", "revoked"])
def test_a_refunded_or_revoked_subscription_is_free_even_before_its_expiry(status):
    user = UserFactory()
    store_sub(user, status=status, expires_at=timezone.now() + timedelta(days=20))
    assert tier_for(user) == "free"


def test_a_user_without_a_subscription_row_is_free():
    assert tier_for(UserFactory()) == "free"


def test_the_database_refuses_a_store_status_without_a_store_source():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Subscription.objects.create(user=UserFactory(), tier="pro", source="manual", status="active")


def test_the_database_refuses_one_purchase_on_two_accounts():
    from django.db import IntegrityError

    store_sub(UserFactory(), store_reference="same")
    with pytest.raises(IntegrityError):
        store_sub(UserFactory(), store_reference="same")
