"""Prometheus metrics recorded by the access-log middleware."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("honeydue_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_LATENCY = Histogram("honeydue_http_request_duration_seconds", "HTTP request duration", ["method", "route"])
