"""JSON log lines with request context, scrubbed of secrets and personal data."""

import json
import logging
import re
from datetime import UTC, datetime

from honeydue.request_context import request_id_var, user_id_var

REDACTED = "[redacted]"

_SENSITIVE_KEYS = re.compile(
    r"(?!status_code$)([\w-]*_)?(password|passwd|secret|token|authorization|api_?key|code|signed_transaction|cookie|email)s?",
    re.IGNORECASE,
)
_PATTERNS = [
    # key=value / "key": "value" pairs whose key names a secret
    re.compile(
        r"(?P<key>[\"']?\b[\w-]*(?:password|passwd|secret|token|authorization|api[_-]?key|code|cookie)[\w-]*[\"']?\s*[:=]\s*)"
        r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s,;&}]+)",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<key>\b(?:Token|Bearer|Basic)\s+)(?P<value>[A-Za-z0-9._~+/=-]{6,})"),
    re.compile(r"(?P<key>)(?P<value>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})"),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: f"{m.group('key')}{REDACTED}", text)
    return text


def _redact_value(key: str, value):
    if isinstance(value, dict):
        return {k: _redact_value(str(k), v) for k, v in value.items()}
    if _SENSITIVE_KEYS.fullmatch(key):
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    return value


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if not hasattr(record, "user_id"):
            record.user_id = user_id_var.get()
        return True


class RedactingFilter(logging.Filter):
    """Render the message once, scrub it, and drop args so nothing leaks later."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None
        return True


_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = _redact_value(key, value)
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            payload["exception"] = record.exc_text
        return json.dumps(payload, default=str)
