import re

from django.core import mail

CODE_RE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


def last_code_sent_to(email: str) -> str:
    """The 6-digit code in the latest email to `email` (locmem backend)."""
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return CODE_RE.search(message.body).group(1)


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]
