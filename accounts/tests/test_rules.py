from datetime import timedelta

from django.utils import timezone

from accounts import rules
from accounts.rules import CodeVerdict


def _judge(code="123456", stored="123456", attempts=0, expires_in=timedelta(minutes=5)):
    salt = rules.new_salt()
    now = timezone.now()
    return rules.judge_attempt(
        code=code,
        code_hash=rules.hash_code(stored, salt),
        salt=salt,
        attempts=attempts,
        max_attempts=5,
        expires_at=now + expires_in,
        now=now,
    )


def test_new_codes_are_six_digits():
    codes = {rules.new_code() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 40


def test_the_hash_depends_on_the_salt_and_never_contains_the_code():
    first, second = rules.hash_code("123456", "salt-a"), rules.hash_code("123456", "salt-b")
    assert first != second
    assert "123456" not in first


def test_the_right_code_in_time_is_ok():
    assert _judge() is CodeVerdict.OK


def test_a_wrong_code_is_wrong():
    assert _judge(code="654321") is CodeVerdict.WRONG


def test_an_expired_code_is_expired_even_when_right():
    assert _judge(expires_in=timedelta(seconds=-1)) is CodeVerdict.EXPIRED


def test_a_code_with_all_tries_used_is_exhausted_even_when_right():
    assert _judge(attempts=5) is CodeVerdict.EXHAUSTED
    assert _judge(attempts=4) is CodeVerdict.OK
