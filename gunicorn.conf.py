"""gunicorn settings for the WSGI API (`gunicorn honeydue.wsgi:application` loads this file from the cwd).

The API has a hard request time limit: a sync worker busy longer than
REQUEST_TIMEOUT_SECONDS is killed and its request answered 502 by the proxy.
Websockets (/ws/), file downloads and /admin/ go to daphne instead, which has
no such limit (see docs/operations.md).
"""

from honeydue.env import env_int

bind = "0.0.0.0:8000"
worker_class = "sync"
workers = env_int("GUNICORN_WORKERS", 3)
timeout = env_int("REQUEST_TIMEOUT_SECONDS", 30)
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = "*"
accesslog = None  # AccessLogMiddleware writes one JSON line per request
errorlog = "-"
