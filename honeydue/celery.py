"""The Celery app: `celery -A honeydue worker` / `celery -A honeydue beat`."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")

app = Celery("honeydue")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["accounts.subscriptions"])  # accounts/subscriptions/tasks.py


@signals.setup_logging.connect
def use_django_logging(**kwargs):
    """Keep Django's JSON logging config instead of Celery's own handlers."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.worker_init.connect
def log_worker_backends(**kwargs):
    from honeydue.startup import log_backends

    log_backends("worker")


@signals.beat_init.connect
def log_beat_backends(**kwargs):
    from honeydue.startup import log_backends

    log_backends("beat")
