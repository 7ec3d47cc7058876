"""Do sign-in and forgot-password take the same time for a real and an unknown account?

Runs the real views (production Argon2 parameters, Redis throttles off) against a throwaway
test database (test_<your database name>, dropped and recreated) and prints median times
per case. Usage:

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N python benchmarks/auth_timing.py [rounds]

Measured 2026-11-21 on the shared 2-core box, 20 rounds: login 481 vs 469 ms, forgot-password
4.0 vs 5.8 ms (known vs unknown). Expectation: the medians of each pair differ by less than
the noise (a few percent); a real account must not be recognisable by response time.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")
os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402


def median_ms(fn, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(rounds: int) -> None:
    setup_test_environment()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from accounts.api import views
        from accounts.models import User

        for view in (views.LoginView, views.ForgotPasswordView):
            view.throttle_classes = []
        User.objects.create_user(email="known@example.com", password="correct-horse-battery-staple")
        client = APIClient()

        def login(email):
            return lambda: client.post("/api/auth/login/", {"email": email, "password": "wrong-pass"}, format="json")

        def forgot(email):
            return lambda: client.post("/api/auth/forgot-password/", {"email": email}, format="json")

        # The request path of forgot-password only enqueues; run jobs outside it as production does.
        settings.CELERY_TASK_ALWAYS_EAGER = False
        from honeydue.celery import app

        app.conf.task_always_eager = False
        app.conf.broker_url = "memory://"

        for name, make in (("login, wrong password", login), ("forgot-password", forgot)):
            make("known@example.com")()  # warm up
            known = median_ms(make("known@example.com"), rounds)
            unknown = median_ms(make("unknown@example.com"), rounds)
            print(f"{name:24} known {known:8.2f} ms   unknown {unknown:8.2f} ms   diff {known - unknown:+.2f} ms")
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
