"""Realtime events: services call these; the websocket consumer delivers them.

Events go out only after the surrounding transaction commits, to a channel-layer
group per residence; membership changes also go to the user's own group so the
consumer can join or leave residence groups live.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

EVENT_TYPES = frozenset(
    {
        "task.created",
        "task.updated",
        "task.completed",
        "task.deleted",
        "document.created",
        "document.deleted",
        "member.joined",
        "member.left",
        "notification.created",
    }
)


def residence_group(residence_id: int) -> str:
    return f"residence.{residence_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _group_send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # realtime is best effort: a dead channel layer must not fail the write
        logger.exception("could not publish realtime event", extra={"group": group, "event_type": message.get("type")})


def publish_residence_event(event_type: str, residence_id: int, data: dict) -> None:
    """Send `{"type", "residence_id", "data"}` to every socket of the residence, after commit."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    message = {"type": "residence.event", "event": {"type": event_type, "residence_id": residence_id, "data": data}}
    transaction.on_commit(lambda: _group_send(residence_group(residence_id), message))


def publish_membership_change(user_id: int, residence_id: int, *, joined: bool) -> None:
    """Tell the user's open sockets to subscribe to (or drop) a residence, after commit."""
    message = {"type": "membership.changed", "residence_id": residence_id, "joined": joined}
    transaction.on_commit(lambda: _group_send(user_group(user_id), message))


def publish_user_event(event_type: str, user_id: int, data: dict, residence_id: int | None = None) -> None:
    """An event for one user only (e.g. notification.created), after commit."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    event = {"type": event_type, "residence_id": residence_id, "data": data}
    transaction.on_commit(lambda: _group_send(user_group(user_id), {"type": "user.event", "event": event}))


def publish_user_events(events: list[tuple[str, int, dict]]) -> None:
    """Many one-user events (event_type, user_id, data) in one channel-layer round trip, after commit.

    The reminder tick creates thousands of notifications per chunk; one
    async_to_sync per event would cost a thread hop each.
    """
    for event_type, _, _ in events:
        if event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {event_type!r}")
    if events:
        transaction.on_commit(lambda: _group_send_many(events))


def _group_send_many(events: list[tuple[str, int, dict]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return

    async def send_all():
        await asyncio.gather(
            *(
                layer.group_send(
                    user_group(user_id),
                    {"type": "user.event", "event": {"type": event_type, "residence_id": None, "data": data}},
                )
                for event_type, user_id, data in events
            )
        )

    try:
        async_to_sync(send_all)()
    except Exception:  # realtime is best effort
        logger.exception("could not publish realtime events", extra={"count": len(events)})
