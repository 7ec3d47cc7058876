"""The store subscription state machine, as pure functions.

Both stores are reduced to one vocabulary of `Change`s (subscribe, renew,
fail to renew, expire, refund, revoke, renewal-status change). `apply_change`
folds one into the current `State`; a change signed before the newest one
already applied is stale and returns None, so events that arrive out of order
never move the state backwards.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    """Mirrors accounts.models.Subscription.Status (minus the empty 'no store' value)."""

    ACTIVE = "active"
    GRACE = "grace"
    BILLING_RETRY = "billing_retry"
    EXPIRED = "expired"
    REFUNDED = "refunded"
    REVOKED = "revoked"


class Kind(StrEnum):
    SUBSCRIBED = "subscribed"  # first purchase, resubscribe, upgrade, offer redeemed
    RENEWED = "renewed"  # renewal, billing recovery, refund reversed, renewal extended
    FAILED_TO_RENEW = "failed_to_renew"  # billing problem: grace period or billing retry
    EXPIRED = "expired"  # paid period (and grace) over
    REFUNDED = "refunded"
    REVOKED = "revoked"  # family sharing removed, store-side revocation
    RENEWAL_STATUS_CHANGED = "renewal_status_changed"  # auto-renew switched on or off


@dataclass(frozen=True)
class State:
    status: Status
    expires_at: datetime | None
    grace_expires_at: datetime | None = None
    auto_renew: bool | None = None
    product_id: str = ""


@dataclass(frozen=True)
class Change:
    kind: Kind
    signed_at: datetime
    expires_at: datetime | None = None
    grace_expires_at: datetime | None = None
    auto_renew: bool | None = None
    product_id: str = ""
    # When a refund or revocation took effect (defaults to signed_at).
    revoked_at: datetime | None = None
    # FAILED_TO_RENEW: the store grants a grace period (access continues) or only
    # retries billing (access ends at expires_at).
    in_grace: bool = True


def is_stale(change: Change, last_event_at: datetime | None) -> bool:
    """Older than the newest change applied: ignore rather than move backwards."""
    return last_event_at is not None and change.signed_at < last_event_at


def grace_end(change: Change, current: State | None, default_grace: timedelta) -> datetime | None:
    """The store's own grace end, else `default_grace` after the paid period."""
    if change.grace_expires_at is not None:
        return change.grace_expires_at
    expires_at = change.expires_at or (current.expires_at if current else None)
    return expires_at + default_grace if expires_at is not None else None


def apply_change(
    current: State | None,
    change: Change,
    *,
    last_event_at: datetime | None = None,
    default_grace: timedelta = timedelta(days=16),
) -> State | None:
    """The state after `change`, or None when it is stale or may not change anything."""
    if is_stale(change, last_event_at):
        return None
    product_id = change.product_id or (current.product_id if current else "")
    expires_at = change.expires_at or (current.expires_at if current else None)
    auto_renew = change.auto_renew if change.auto_renew is not None else (current.auto_renew if current else None)

    if change.kind in (Kind.SUBSCRIBED, Kind.RENEWED):
        return State(
            Status.ACTIVE,
            expires_at,
            None,
            True if change.auto_renew is None else change.auto_renew,
            product_id,
        )
    if current is None and change.kind != Kind.RENEWAL_STATUS_CHANGED:
        # A billing failure, expiry, refund or revocation for a purchase we never saw
        # active still records what the store says (e.g. refunded before verify).
        current = State(Status.EXPIRED, expires_at, None, auto_renew, product_id)
    if change.kind == Kind.FAILED_TO_RENEW:
        if current.status in (Status.REFUNDED, Status.REVOKED):
            return None
        if change.in_grace:
            return State(Status.GRACE, expires_at, grace_end(change, current, default_grace), auto_renew, product_id)
        return State(Status.BILLING_RETRY, expires_at, None, auto_renew, product_id)
    if change.kind == Kind.EXPIRED:
        if current.status in (Status.REFUNDED, Status.REVOKED):
            return None
        return State(Status.EXPIRED, expires_at, None, False, product_id)
    if change.kind in (Kind.REFUNDED, Kind.REVOKED):
        ended = change.revoked_at or change.signed_at
        ends = min(expires_at, ended) if expires_at else ended
        status = Status.REFUNDED if change.kind == Kind.REFUNDED else Status.REVOKED
        return State(status, ends, None, False, product_id)
    if change.kind == Kind.RENEWAL_STATUS_CHANGED:
        if current is None or change.auto_renew is None:
            return None
        return replace(current, auto_renew=change.auto_renew, product_id=product_id)
    raise ValueError(f"Unknown change kind {change.kind!r}")


def grants_pro(state: State, now: datetime) -> bool:
    """Whether `state` gives Pro access at `now` (same rule as Subscription.effective_tier)."""
    if state.status in (Status.REFUNDED, Status.REVOKED):
        return False
    if state.expires_at is None or state.expires_at > now:
        return True
    return state.status == Status.GRACE and state.grace_expires_at is not None and state.grace_expires_at > now
