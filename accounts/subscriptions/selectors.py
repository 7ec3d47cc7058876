"""Reads for the subscription screen: plan, limits and what the user uses of them."""

from collections.abc import Callable

from accounts.models import Subscription

# name -> function(residence ids) -> {residence id: count}. The tasks and documents apps
# register theirs ("active_tasks", "documents") with `register_residence_counter`,
# e.g. from their AppConfig.ready(), so this module never imports them.
ResidenceCounter = Callable[[list[int]], dict[int, int]]
_RESIDENCE_COUNTERS: dict[str, ResidenceCounter] = {}


def register_residence_counter(name: str, counter: ResidenceCounter) -> None:
    _RESIDENCE_COUNTERS[name] = counter


def residence_counters() -> dict[str, ResidenceCounter]:
    return dict(_RESIDENCE_COUNTERS)


def subscription_of(user) -> Subscription | None:
    return Subscription.objects.filter(user=user).first()


def subscription_state_for(user) -> dict:
    """GET /api/subscriptions/: effective tier, store state, limits and usage."""
    from accounts.plans import limits_for, tier_for
    from accounts.subscriptions.services import subscription_for

    subscription = subscription_for(user)
    return {
        "tier": tier_for(user),
        "expires_at": subscription.expires_at,
        "platform": subscription.platform,
        "status": subscription.status or None,
        "grace_expires_at": subscription.grace_expires_at,
        "auto_renew": subscription.auto_renew,
        "product_id": subscription.product_id,
        "app_account_token": subscription.app_account_token,
        "limits": limits_for(user).as_dict(),
        "usage": usage_for(user),
    }


def usage_for(user, counters: dict[str, ResidenceCounter] | None = None) -> dict:
    """Owned residences, and per owned residence every registered count (limits apply per residence)."""
    from residences.models import Membership

    owned = list(
        Membership.objects.filter(user=user, role=Membership.Role.OWNER)
        .order_by("residence_id")
        .values_list("residence_id", "residence__name")
    )
    ids = [pk for pk, _name in owned]
    counters = residence_counters() if counters is None else counters
    counts = {name: counter(ids) if ids else {} for name, counter in counters.items()}
    return {
        "owned_residences": len(ids),
        "residences": [
            {"id": pk, "name": name, **{key: counts[key].get(pk, 0) for key in counts}} for pk, name in owned
        ],
    }
