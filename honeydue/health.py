"""Liveness, readiness and metrics endpoints for load balancers and Prometheus."""

import hmac
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from honeydue.api.errors import error_response

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _check_migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} unapplied migration(s)")
    return "ok"


def _check_cache() -> str:
    if settings.REDIS_URL:
        from django_redis import get_redis_connection

        get_redis_connection("default").ping()
    else:
        cache.set("readyz", "1", 5)
    return "ok"


def _check_broker() -> str:
    from honeydue.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS = {"database": _check_database, "migrations": _check_migrations, "cache": _check_cache, "broker": _check_broker}


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # any failure means not ready; say which and why
            ready = False
            results[name] = f"error: {exc.__class__.__name__}: {exc}"
            logger.warning("readiness check %s failed", name, extra={"check": name})
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": results}, status=200 if ready else 503)


def _metrics_allowed(request: HttpRequest) -> bool:
    if settings.METRICS_TOKEN:
        supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(supplied.encode(), settings.METRICS_TOKEN.encode())
    if settings.IS_PRODUCTION:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        return error_response(404, "not_found", "Not found.")
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
