"""The Celery app: `celery -A honeydue worker` / `celery -A honeydue beat`.

The beat schedule (the reminder tick) lives in settings' notifications section
(`CELERY_BEAT_SCHEDULE`); beat runs with a scheduler that leaves a heartbeat in
Redis on every wake-up, checked by `manage.py worker_health --beat`.
"""

import os

from celery import Celery, signals
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")

app = Celery("honeydue")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_scheduler = "honeydue.celery:HeartbeatScheduler"
app.autodiscover_tasks()
app.autodiscover_tasks(["accounts.subscriptions"])  # accounts/subscriptions/tasks.py


class HeartbeatScheduler(PersistentScheduler):
    """The default file-backed scheduler, plus a heartbeat each time beat wakes up."""

    def tick(self, *args, **kwargs):
        from notifications.health import beat_alive_now

        beat_alive_now()
        return super().tick(*args, **kwargs)


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
