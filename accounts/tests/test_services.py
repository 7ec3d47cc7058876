from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts import services
from accounts.models import OneTimeCode
from accounts.rules import CodeVerdict
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = OneTimeCode.Purpose.VERIFY_EMAIL
RESET = OneTimeCode.Purpose.RESET_PASSWORD


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_issuing_stores_only_a_salted_hash():
    user = UserFactory()
    code = services.code_issue(user=user, purpose=VERIFY)
    stored = OneTimeCode.objects.get(user=user, purpose=VERIFY)
    assert code not in stored.code_hash
    assert code not in stored.salt
    assert stored.attempts == 0
    assert timedelta(minutes=14) < stored.expires_at - timezone.now() <= timedelta(minutes=15)


def test_issuing_again_replaces_the_live_code():
    user = UserFactory()
    first = services.code_issue(user=user, purpose=VERIFY)
    second = services.code_issue(user=user, purpose=VERIFY)
    assert OneTimeCode.objects.filter(user=user, purpose=VERIFY).count() == 1
    if first != second:
        assert services.code_redeem(user=user, purpose=VERIFY, code=first) is CodeVerdict.WRONG
    assert services.code_redeem(user=user, purpose=VERIFY, code=second) is CodeVerdict.OK


def test_codes_for_different_purposes_live_side_by_side():
    user = UserFactory()
    verify = services.code_issue(user=user, purpose=VERIFY)
    reset = services.code_issue(user=user, purpose=RESET)
    assert services.code_redeem(user=user, purpose=RESET, code=reset) is CodeVerdict.OK
    assert services.code_redeem(user=user, purpose=VERIFY, code=verify) is CodeVerdict.OK


def test_a_redeemed_code_cannot_be_used_twice():
    user = UserFactory()
    code = services.code_issue(user=user, purpose=VERIFY)
    assert services.code_redeem(user=user, purpose=VERIFY, code=code) is CodeVerdict.OK
    assert services.code_redeem(user=user, purpose=VERIFY, code=code) is CodeVerdict.MISSING


def test_five_wrong_tries_kill_the_code():
    user = UserFactory()
    code = services.code_issue(user=user, purpose=VERIFY)
    for _ in range(5):
        assert services.code_redeem(user=user, purpose=VERIFY, code=_wrong(code)) is CodeVerdict.WRONG
    assert services.code_redeem(user=user, purpose=VERIFY, code=code) is CodeVerdict.EXHAUSTED
    assert OneTimeCode.objects.get(user=user).attempts == 5


def test_a_code_expires_after_fifteen_minutes():
    user = UserFactory()
    issued_at = timezone.now()
    code = services.code_issue(user=user, purpose=VERIFY, now=issued_at)
    later = issued_at + timedelta(minutes=15, seconds=1)
    assert services.code_redeem(user=user, purpose=VERIFY, code=code, now=later) is CodeVerdict.EXPIRED
    just_in_time = issued_at + timedelta(minutes=14, seconds=59)
    assert services.code_redeem(user=user, purpose=VERIFY, code=code, now=just_in_time) is CodeVerdict.OK


def test_the_database_refuses_more_attempts_than_allowed():
    user = UserFactory()
    services.code_issue(user=user, purpose=VERIFY)
    with pytest.raises(IntegrityError):
        OneTimeCode.objects.filter(user=user).update(attempts=6)


def test_no_user_means_missing():
    assert services.code_redeem(user=None, purpose=RESET, code="123456") is CodeVerdict.MISSING


def test_profile_service_refuses_an_unknown_timezone_in_the_error_shape():
    from honeydue.exceptions import InvalidInput

    user = UserFactory(timezone="UTC")
    with pytest.raises(InvalidInput) as caught:
        services.user_update_profile(user=user, timezone="Nowhere/Land")
    assert caught.value.field == "timezone"
    with pytest.raises(InvalidInput):
        services.user_update_profile(user=user, email="x@example.com")
    user.refresh_from_db()
    assert user.timezone == "UTC"
