"""Websocket routes: one socket per client at /ws/ (notifications.consumers)."""

from channels.routing import URLRouter
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.urls import path

from notifications.consumers import NotificationConsumer

websocket_urlpatterns: list = [path("ws/", NotificationConsumer.as_asgi())]


class BrowserOriginValidator(OriginValidator):
    """Checks Origin against ALLOWED_HOSTS when there is one; lets clients without Origin through.

    Browsers always send Origin, so cross-site pages are still refused. The
    iOS and Android apps send none, and they authenticate with a token (never a
    cookie), so a missing Origin carries no cross-site risk; channels'
    AllowedHostsOriginValidator would refuse them with a 403 handshake.
    """

    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return True
        return super().valid_origin(parsed_origin)


def websocket_application():
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
    return BrowserOriginValidator(URLRouter(websocket_urlpatterns), allowed_hosts)
