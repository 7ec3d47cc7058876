"""Push providers, chosen by PUSH_BACKEND: console | memory | record | native (APNs for iOS, FCM for Android)."""

from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from notifications.push.base import PushError, PushMessage, PushProvider, PushResult
from notifications.push.simple import ConsolePushProvider, MemoryPushProvider, RecordPushProvider

__all__ = ["PushError", "PushMessage", "PushProvider", "PushResult", "get_provider"]


class NativePushProvider:
    """Routes iOS devices to APNs and Android devices to FCM."""

    name = "native"

    def __init__(self, apns, fcm) -> None:
        self.apns, self.fcm = apns, fcm

    def send(self, *, platform, token, message, delivery_id=None):
        provider = self.apns if platform == "ios" else self.fcm
        if provider is None:  # e.g. only FCM configured: iOS devices are skipped, not retried forever
            return PushResult(ok=False, reason=f"no push provider configured for {platform}")
        return provider.send(platform=platform, token=token, message=message, delivery_id=delivery_id)


def _native() -> NativePushProvider:
    from notifications.push.apns import ApnsPushProvider
    from notifications.push.fcm import FcmPushProvider

    apns = fcm = None
    if settings.APNS_KEY_FILE:
        with open(settings.APNS_KEY_FILE) as key_file:
            apns = ApnsPushProvider(
                key_id=settings.APNS_KEY_ID,
                team_id=settings.APNS_TEAM_ID,
                private_key=key_file.read(),
                topic=settings.APNS_TOPIC,
                use_sandbox=settings.APNS_USE_SANDBOX,
            )
    if settings.FCM_SERVICE_ACCOUNT_FILE:
        fcm = FcmPushProvider.from_service_account_file(settings.FCM_SERVICE_ACCOUNT_FILE, settings.FCM_PROJECT_ID)
    if apns is None and fcm is None:
        raise ImproperlyConfigured("PUSH_BACKEND=native needs APNS_KEY_FILE and/or FCM_SERVICE_ACCOUNT_FILE.")
    return NativePushProvider(apns, fcm)


@cache
def _provider(backend: str) -> PushProvider:
    simple = {"console": ConsolePushProvider, "memory": MemoryPushProvider, "record": RecordPushProvider}
    if backend in simple:
        return simple[backend]()
    if backend == "native":
        return _native()
    raise ImproperlyConfigured(f"Unknown PUSH_BACKEND {backend!r}: use console, memory, record or native.")


def get_provider() -> PushProvider:
    """One provider per process (connection pools and provider tokens are reused)."""
    return _provider(settings.PUSH_BACKEND)
