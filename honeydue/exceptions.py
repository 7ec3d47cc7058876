"""Domain errors raised by services; the API layer maps them to HTTP."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "error"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = _("That action is not allowed in the current state.")


class Conflict(DomainError):
    code = "conflict"
    default_message = _("The request conflicts with the current state.")


class UpgradeRequired(DomainError):
    code = "upgrade_required"
    default_message = _("Your plan does not allow this. Upgrade to Pro to lift the limit.")


class NotPermitted(DomainError):
    code = "permission_denied"
    default_message = _("You do not have permission to perform this action.")


class InvalidInput(DomainError):
    """A service-level validation failure, optionally tied to a field."""

    code = "validation_error"
    default_message = _("Invalid input.")

    def __init__(self, message=None, field: str | None = None):
        super().__init__(message)
        self.field = field


class TooLarge(DomainError):
    """An upload over its size limit (documents area)."""

    code = "request_too_large"
    default_message = _("The file is too large.")


class UnsupportedMediaType(DomainError):
    """An upload whose bytes are not one of the allowed types (documents area)."""

    code = "unsupported_media_type"
    default_message = _("This type of file is not supported.")
