"""Log, once per process, which backend each component runs on."""

import logging

from django.conf import settings

logger = logging.getLogger("honeydue.startup")


def log_backends(component: str) -> None:
    logger.info(
        "%s starting: database=%s cache=%s channel_layer=%s broker=%s storage=%s email=%s push=%s environment=%s",
        component,
        settings.DATABASE_BACKEND,
        settings.CACHE_BACKEND,
        settings.CHANNEL_BACKEND,
        settings.BROKER_BACKEND,
        settings.MEDIA_BACKEND,
        settings.EMAIL_BACKEND.rsplit(".", 2)[-2],
        settings.PUSH_BACKEND,
        settings.ENVIRONMENT,
        extra={
            "component": component,
            "database_backend": settings.DATABASE_BACKEND,
            "cache_backend": settings.CACHE_BACKEND,
            "channel_layer_backend": settings.CHANNEL_BACKEND,
            "broker_backend": settings.BROKER_BACKEND,
            "storage_backend": settings.MEDIA_BACKEND,
        },
    )
