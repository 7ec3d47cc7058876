from datetime import UTC, datetime, timedelta

import pytest

from accounts.subscriptions.rules import Change, Kind, State, Status, apply_change, grants_pro, is_stale

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MONTH = timedelta(days=30)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def active(expires=None, **kw) -> State:
    return State(Status.ACTIVE, expires or at(30), auto_renew=True, product_id="pro", **kw)


def test_subscribe_makes_an_active_pro_state():
    state = apply_change(None, Change(Kind.SUBSCRIBED, at(0), expires_at=at(30), product_id="pro"))
    assert state == State(Status.ACTIVE, at(30), None, True, "pro")
    assert grants_pro(state, at(29)) and not grants_pro(state, at(31))


def test_renew_extends_the_paid_period():
    state = apply_change(active(), Change(Kind.RENEWED, at(30), expires_at=at(60)), last_event_at=at(0))
    assert state.status == Status.ACTIVE and state.expires_at == at(60)


def test_failing_to_renew_with_grace_keeps_pro_until_grace_ends():
    change = Change(Kind.FAILED_TO_RENEW, at(30), expires_at=at(30), grace_expires_at=at(46), in_grace=True)
    state = apply_change(active(), change, last_event_at=at(0))
    assert state.status == Status.GRACE and state.grace_expires_at == at(46)
    assert grants_pro(state, at(40))
    assert not grants_pro(state, at(47))


def test_grace_defaults_to_the_configured_days_when_the_store_gives_no_date():
    change = Change(Kind.FAILED_TO_RENEW, at(30), in_grace=True)
    state = apply_change(active(), change, default_grace=timedelta(days=3))
    assert state.grace_expires_at == at(33)


def test_billing_retry_without_grace_ends_access_at_expiry():
    state = apply_change(active(), Change(Kind.FAILED_TO_RENEW, at(30), in_grace=False))
    assert state.status == Status.BILLING_RETRY
    assert not grants_pro(state, at(31))


def test_recovery_after_billing_failure_is_active_again():
    grace = State(Status.GRACE, at(30), at(46), True, "pro")
    state = apply_change(grace, Change(Kind.RENEWED, at(35), expires_at=at(65)), last_event_at=at(30))
    assert state.status == Status.ACTIVE and state.grace_expires_at is None and state.expires_at == at(65)


def test_expire_ends_pro_and_auto_renew():
    state = apply_change(active(), Change(Kind.EXPIRED, at(30)))
    assert state.status == Status.EXPIRED and state.auto_renew is False
    assert not grants_pro(state, at(30.1))


def test_refund_ends_pro_at_the_revocation_date_even_mid_period():
    change = Change(Kind.REFUNDED, at(10), revoked_at=at(9))
    state = apply_change(active(), change)
    assert state.status == Status.REFUNDED and state.expires_at == at(9)
    assert not grants_pro(state, at(5)), "a refunded purchase grants nothing"


def test_revoke_ends_pro():
    state = apply_change(active(), Change(Kind.REVOKED, at(10)))
    assert state.status == Status.REVOKED and not grants_pro(state, at(10))


def test_renewal_status_change_only_flips_auto_renew():
    state = apply_change(active(), Change(Kind.RENEWAL_STATUS_CHANGED, at(5), expires_at=at(99), auto_renew=False))
    assert state == State(Status.ACTIVE, at(30), None, False, "pro")


def test_a_stale_event_is_ignored():
    assert is_stale(Change(Kind.RENEWED, at(1)), at(2))
    assert apply_change(active(), Change(Kind.EXPIRED, at(1)), last_event_at=at(2)) is None


def test_events_out_of_order_end_in_the_same_state_as_in_order():
    changes = [
        Change(Kind.SUBSCRIBED, at(0), expires_at=at(30), product_id="pro"),
        Change(Kind.RENEWAL_STATUS_CHANGED, at(10), auto_renew=False),
        Change(Kind.EXPIRED, at(30), expires_at=at(30), product_id="pro"),
    ]

    def fold(sequence):
        state, last = None, None
        for change in sequence:
            new = apply_change(state, change, last_event_at=last)
            if new is not None:
                state, last = new, max(filter(None, [last, change.signed_at]))
        return state

    in_order = fold(changes)
    assert in_order.status == Status.EXPIRED
    assert fold([changes[2], changes[0], changes[1]]) == in_order


def test_billing_failure_after_refund_does_not_resurrect_anything():
    refunded = State(Status.REFUNDED, at(9), None, False, "pro")
    assert apply_change(refunded, Change(Kind.FAILED_TO_RENEW, at(30))) is None
    assert apply_change(refunded, Change(Kind.EXPIRED, at(30))) is None


@pytest.mark.parametrize("kind", [Kind.REFUNDED, Kind.REVOKED, Kind.EXPIRED])
def test_a_terminal_event_for_an_unknown_purchase_still_records_it(kind):
    state = apply_change(None, Change(kind, at(5), expires_at=at(30)))
    assert state is not None and not grants_pro(state, at(31))
