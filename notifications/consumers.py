"""The one websocket: `/ws/`, authenticated by a knox token, subscribed to the user's residences and own events."""

import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from rest_framework.exceptions import AuthenticationFailed

from notifications.events import residence_group, user_group
from residences.models import Membership

logger = logging.getLogger(__name__)
CLOSE_UNAUTHORIZED = 4401
SUBPROTOCOL = "token"


@database_sync_to_async
def user_for_token(key: str):
    """The active user owning this knox token, or None (knox hashes and checks expiry; runs in a thread)."""
    from knox.auth import TokenAuthentication

    try:
        user, _ = TokenAuthentication().authenticate_credentials(key.encode())
    except (AuthenticationFailed, UnicodeError, ValueError):
        return None
    return user


@database_sync_to_async
def residence_ids_of(user_id: int) -> set[int]:
    return set(Membership.objects.filter(user_id=user_id).values_list("residence_id", flat=True))


@database_sync_to_async
def is_member(user_id: int, residence_id: int) -> bool:
    return Membership.objects.filter(user_id=user_id, residence_id=residence_id).exists()


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Relays residence events (re-checking membership first), the user's own events and live (un)subscriptions."""

    user_id: int | None = None

    def _offered_token(self) -> tuple[str, bool]:
        protocols = self.scope.get("subprotocols") or []
        if len(protocols) >= 2 and protocols[0] == SUBPROTOCOL:
            return protocols[1], True
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        return (query.get("token") or [""])[0], False

    async def connect(self):
        key, via_subprotocol = self._offered_token()
        user = await user_for_token(key) if key else None
        # Accept before closing: a close before accept is an HTTP 403 and the client never sees 4401.
        await self.accept(subprotocol=SUBPROTOCOL if via_subprotocol else None)
        if user is None:
            await self.close(code=CLOSE_UNAUTHORIZED)
            return
        self.user_id = user.pk
        self.residence_ids = await residence_ids_of(user.pk)
        await self.channel_layer.group_add(user_group(user.pk), self.channel_name)
        for residence_id in self.residence_ids:
            await self.channel_layer.group_add(residence_group(residence_id), self.channel_name)

    async def disconnect(self, code):
        if self.user_id is None:
            return
        await self.channel_layer.group_discard(user_group(self.user_id), self.channel_name)
        for residence_id in self.residence_ids:
            await self.channel_layer.group_discard(residence_group(residence_id), self.channel_name)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def _leave(self, residence_id: int) -> None:
        self.residence_ids.discard(residence_id)
        await self.channel_layer.group_discard(residence_group(residence_id), self.channel_name)

    # --- channel-layer messages (sent by notifications.events) ---

    async def residence_event(self, message):
        event = message["event"]
        residence_id = event["residence_id"]
        # The group can lag a membership change; the database decides who may see the event.
        if self.user_id is None or not await is_member(self.user_id, residence_id):
            await self._leave(residence_id)
            return
        await self.send_json(event)

    async def membership_changed(self, message):
        residence_id = message["residence_id"]
        # Trust the database, not the message: a late "joined" after a leave must not resubscribe.
        if await is_member(self.user_id, residence_id):
            self.residence_ids.add(residence_id)
            await self.channel_layer.group_add(residence_group(residence_id), self.channel_name)
        else:
            await self._leave(residence_id)

    async def user_event(self, message):
        await self.send_json(message["event"])
