"""The push provider interface: send one message to one device, say whether the token is dead."""

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    data: dict = field(default_factory=dict)
    # Same id for the same (user, kind, local date): a provider-side repeat
    # (retry after a crash) replaces the banner on the phone instead of adding one.
    collapse_id: str = ""


@dataclass(frozen=True)
class PushResult:
    ok: bool
    token_dead: bool = False
    reason: str = ""


class PushError(Exception):
    """A transient failure (network, 5xx, throttled, auth refresh): the delivery is retried."""


class PushProvider(Protocol):
    name: str

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        """Deliver to one device; return token_dead=True when the provider says the token is gone."""
        ...


SENT = PushResult(ok=True)


def dead(reason: str) -> PushResult:
    return PushResult(ok=False, token_dead=True, reason=reason)
