"""Plan limits, read from the user's subscription and settings."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import timezone

from accounts.models import Subscription


@dataclass(frozen=True)
class PlanLimits:
    """`None` means unlimited."""

    max_owned_residences: int | None
    max_active_tasks_per_residence: int | None
    max_documents_per_residence: int | None
    can_share: bool

    def as_dict(self) -> dict:
        return asdict(self)


PRO_LIMITS = PlanLimits(None, None, None, True)


def free_limits() -> PlanLimits:
    return PlanLimits(
        max_owned_residences=settings.FREE_MAX_OWNED_RESIDENCES,
        max_active_tasks_per_residence=settings.FREE_MAX_ACTIVE_TASKS_PER_RESIDENCE,
        max_documents_per_residence=settings.FREE_MAX_DOCUMENTS,
        can_share=settings.FREE_CAN_SHARE,
    )


def tier_for(user, now=None) -> str:
    try:
        subscription = user.subscription
    except Subscription.DoesNotExist:
        return Subscription.Tier.FREE
    return subscription.effective_tier(now or timezone.now())


def limits_for(user) -> PlanLimits:
    return PRO_LIMITS if tier_for(user) == Subscription.Tier.PRO else free_limits()


def within(limit: int | None, current: int) -> bool:
    """Whether one more item fits under `limit` when `current` exist."""
    return limit is None or current < limit
