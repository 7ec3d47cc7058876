"""HTTP and websockets in one ASGI application (daphne)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")

django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from honeydue.routing import websocket_application  # noqa: E402
from honeydue.startup import log_backends  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": websocket_application(),
    }
)

log_backends("api+websockets (asgi)")
