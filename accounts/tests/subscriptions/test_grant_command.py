from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import Subscription
from accounts.plans import tier_for
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_can_comp_pro_for_some_days():
    user = UserFactory(email="comp@example.com")
    out = StringIO()
    call_command("grant_subscription", "Comp@Example.com", "--tier", "pro", "--days", "14", stdout=out)
    subscription = Subscription.objects.get(user=user)
    assert subscription.source == "manual" and tier_for(user) == "pro"
    assert abs(subscription.expires_at - (timezone.now() + timedelta(days=14))) < timedelta(minutes=1)
    assert "comp@example.com: pro" in out.getvalue()


def test_a_grant_replaces_a_lapsed_store_subscription_and_free_revokes_it():
    user = UserFactory()
    Subscription.objects.create(
        user=user, tier="pro", source="apple", status="expired", store_reference="otx",
        expires_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    call_command("grant_subscription", user.email, "--days", "3", stdout=StringIO())
    user.refresh_from_db()
    assert tier_for(user) == "pro" and user.subscription.store_reference == ""
    call_command("grant_subscription", user.email, "--tier", "free", stdout=StringIO())
    user.refresh_from_db()
    assert tier_for(user) == "free" and user.subscription.source == ""


def test_an_unknown_email_or_bad_days_is_an_error():
    with pytest.raises(CommandError, match="No user"):
        call_command("grant_subscription", "nobody@example.com", stdout=StringIO())
    user = UserFactory()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("grant_subscription", user.email, "--days", "0", stdout=StringIO())
