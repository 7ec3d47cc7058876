import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import plans
from accounts.models import Subscription, User
from accounts.tests.factories import UserFactory, make_pro

pytestmark = pytest.mark.django_db


def _grant(*args) -> str:
    out = StringIO()
    call_command("grant_subscription", *args, stdout=out)
    return out.getvalue()


def test_it_grants_pro_for_n_days():
    user = UserFactory(email="ada@example.com")
    before = timezone.now()
    output = _grant("ADA@example.com", "--tier", "pro", "--days", "30")
    subscription = Subscription.objects.get(user=user)
    assert subscription.tier == "pro"
    assert subscription.source == "manual"
    assert before + timedelta(days=30) <= subscription.expires_at <= timezone.now() + timedelta(days=30)
    assert plans.tier_for(user) == "pro"
    assert "ada@example.com is on Pro until" in output


def test_it_extends_an_existing_grant_from_now():
    user = UserFactory()
    make_pro(user, days=2)
    _grant(user.email, "--tier", "pro", "--days", "90")
    subscription = Subscription.objects.get(user=user)
    assert subscription.expires_at > timezone.now() + timedelta(days=89)
    assert Subscription.objects.filter(user=user).count() == 1


def test_tier_free_ends_the_plan():
    user = UserFactory()
    make_pro(user)
    output = _grant(user.email, "--tier", "free")
    subscription = Subscription.objects.get(user=user)
    assert (subscription.tier, subscription.source, subscription.expires_at) == ("free", "", None)
    assert plans.tier_for(User.objects.get(pk=user.pk)) == "free"
    assert "free plan" in output


def test_an_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match=re.escape("No account uses the email address 'ghost@example.com'")):
        _grant("ghost@example.com", "--tier", "pro", "--days", "30")
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("days", [None, "0", "-5"])
def test_pro_needs_a_positive_number_of_days(days):
    user = UserFactory()
    args = [user.email, "--tier", "pro"] + (["--days", days] if days else [])
    with pytest.raises(CommandError, match="--days"):
        _grant(*args)
    assert not Subscription.objects.exists()


def test_an_unknown_tier_is_refused():
    user = UserFactory()
    with pytest.raises(CommandError):
        _grant(user.email, "--tier", "platinum", "--days", "3")
