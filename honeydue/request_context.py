"""The current request's id and user, for log lines and outgoing jobs."""

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[int | None] = ContextVar("user_id", default=None)

_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def sane_request_id(candidate: str | None) -> str:
    """Return the client's id when it is safe to echo and log, else a new one."""
    if candidate and _SANE_REQUEST_ID.match(candidate):
        return candidate
    return uuid.uuid4().hex
