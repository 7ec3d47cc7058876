import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")

application = get_wsgi_application()

from honeydue.startup import log_backends  # noqa: E402  (needs settings loaded)

log_backends("api (wsgi)")
