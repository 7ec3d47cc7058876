"""Account errors with their own machine codes, so clients can tell them from malformed input (all 400)."""

from honeydue.exceptions import InvalidInput


class InvalidCredentials(InvalidInput):
    """Unknown email, wrong password or inactive account: deliberately one answer."""

    code = "invalid_credentials"


class InvalidCode(InvalidInput):
    """A one-time code that is wrong, expired, used up or was never issued."""

    code = "invalid_code"
