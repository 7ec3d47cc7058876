"""Reads about accounts."""

from accounts import plans
from accounts.models import Subscription, User


def subscription_summary_for(user: User) -> dict:
    """`{tier, expires_at, limits}` for the user JSON: the effective tier (an expired Pro reads as free)."""
    tier = plans.tier_for(user)
    expires_at = user.subscription.expires_at if tier == Subscription.Tier.PRO else None
    return {"tier": tier, "expires_at": expires_at, "limits": plans.limits_for(user).as_dict()}
