"""Pure functions for one-time codes: generation, hashing and the verdict on an attempt."""

import enum
from datetime import datetime

from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

CODE_LENGTH = 6
_HMAC_KEY_SALT = "accounts.one_time_code"


class CodeVerdict(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"
    WRONG = "wrong"


def new_code() -> str:
    """Six random digits from the OS's CSPRNG."""
    return get_random_string(CODE_LENGTH, allowed_chars="0123456789")


def new_salt() -> str:
    return get_random_string(32)


def hash_code(code: str, salt: str) -> str:
    """HMAC-SHA256 keyed by SECRET_KEY over the per-code salt and the code: a database dump alone
    does not let anyone brute-force the million possible codes."""
    return salted_hmac(_HMAC_KEY_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest()


def judge_attempt(
    *, code: str, code_hash: str, salt: str, attempts: int, max_attempts: int, expires_at: datetime, now: datetime
) -> CodeVerdict:
    """What an attempt with `code` means for a stored code. The HMAC is computed on every path,
    so a wrong, expired or exhausted code costs the same time as a right one."""
    matches = constant_time_compare(hash_code(code, salt), code_hash)
    if attempts >= max_attempts:
        return CodeVerdict.EXHAUSTED
    if expires_at <= now:
        return CodeVerdict.EXPIRED
    return CodeVerdict.OK if matches else CodeVerdict.WRONG
