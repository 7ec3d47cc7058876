import threading

import pytest
from django.db import connection, transaction

from accounts import services
from accounts.models import OneTimeCode
from accounts.rules import CodeVerdict
from accounts.tests.factories import UserFactory

VERIFY = OneTimeCode.Purpose.VERIFY_EMAIL


def _race(user, codes: list[str]) -> list[CodeVerdict]:
    barrier = threading.Barrier(len(codes))
    verdicts: list[CodeVerdict] = []

    def attempt(code):
        try:
            barrier.wait()
            with transaction.atomic():
                verdicts.append(services.code_redeem(user=user, purpose=VERIFY, code=code))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return verdicts


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_code_redeemed_by_two_phones_at_once_works_only_once():
    user = UserFactory()
    code = services.code_issue(user=user, purpose=VERIFY)
    verdicts = _race(user, [code] * 4)
    assert sorted(v.value for v in verdicts) == ["missing", "missing", "missing", "ok"]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_wrong_guesses_each_use_a_try():
    user = UserFactory()
    code = services.code_issue(user=user, purpose=VERIFY)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    verdicts = _race(user, [wrong] * 4)
    assert all(v is CodeVerdict.WRONG for v in verdicts)
    assert OneTimeCode.objects.get(user=user).attempts == 4
