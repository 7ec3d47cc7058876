"""Development and test providers: console (log), memory (a list in this process), record (database rows)."""

import logging
import time

from django.conf import settings

from notifications.push.base import SENT, PushError, PushMessage, PushResult, dead

logger = logging.getLogger("notifications.push")


class ConsolePushProvider:
    """Logs each push; the development default."""

    name = "console"

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        logger.info(
            "push (console) to %s device %s…: %s — %s",
            platform,
            token[:8],
            message.title,
            message.body,
            extra={"delivery_id": delivery_id},
        )
        return SENT


class MemoryPushProvider:
    """Keeps sends in `MemoryPushProvider.outbox` (one process only).

    Like a real provider it can refuse: tokens starting with "dead-" are reported
    unregistered and tokens starting with "fail-" fail transiently.
    """

    name = "memory"
    outbox: list[dict] = []

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        if token.startswith("dead-"):
            return dead("Unregistered")
        if token.startswith("fail-"):
            raise PushError("memory provider: simulated outage")
        self.outbox.append({"platform": platform, "token": token, "message": message, "delivery_id": delivery_id})
        return SENT


class RecordPushProvider:
    """Writes a RecordedPush row inside the delivery's transaction, so sends are visible across processes.

    Used by the worker crash test and handy in development; PUSH_RECORD_DELAY_MS
    simulates a slow provider.
    """

    name = "record"

    def send(self, *, platform: str, token: str, message: PushMessage, delivery_id: int | None = None) -> PushResult:
        from notifications.models import RecordedPush

        if settings.PUSH_RECORD_DELAY_MS:
            time.sleep(settings.PUSH_RECORD_DELAY_MS / 1000)
        RecordedPush.objects.create(delivery_id=delivery_id, device_token=token, title=message.title, body=message.body)
        return SENT
