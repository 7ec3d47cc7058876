"""Throttles keyed by IP, by account email and by user; state lives in the shared cache."""

import hashlib

from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    pass


class UserRateThrottle(throttling.UserRateThrottle):
    pass


class ScopedIPThrottle(throttling.SimpleRateThrottle):
    """Counts requests per client IP for one scope, authenticated or not."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ScopedEmailThrottle(throttling.SimpleRateThrottle):
    """Counts requests per target account (the email in the body), hashed."""

    email_field = "email"

    def get_cache_key(self, request, view):
        email = request.data.get(self.email_field) if hasattr(request, "data") else None
        if not isinstance(email, str) or not email.strip():
            return None
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ScopedUserThrottle(throttling.SimpleRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def ip_throttle(scope_name: str) -> type[ScopedIPThrottle]:
    return type(f"{scope_name.title().replace('_', '')}Throttle", (ScopedIPThrottle,), {"scope": scope_name})


def email_throttle(scope_name: str) -> type[ScopedEmailThrottle]:
    return type(f"{scope_name.title().replace('_', '')}Throttle", (ScopedEmailThrottle,), {"scope": scope_name})


def user_throttle(scope_name: str) -> type[ScopedUserThrottle]:
    return type(f"{scope_name.title().replace('_', '')}Throttle", (ScopedUserThrottle,), {"scope": scope_name})
