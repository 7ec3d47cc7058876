"""Helpers for project-level tests: a realistic production environment and a Django subprocess."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What an operator would really set; every value is a placeholder.
PRODUCTION_ENV = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "prod-test-" + "k3y-" * 15,
    "ALLOWED_HOSTS": "api.honeydue.example",
    "CSRF_TRUSTED_ORIGINS": "https://api.honeydue.example",
    "DATABASE_URL": "postgres://honeydue:placeholder@db.internal:5432/honeydue",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.honeydue.example",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "honeyDue <no-reply@honeydue.example>",
    "PUSH_BACKEND": "native",
    "FCM_SERVICE_ACCOUNT_FILE": "/etc/honeydue/google/fcm.json",
    "FCM_PROJECT_ID": "honeydue-placeholder",
    "METRICS_TOKEN": "placeholder-metrics-token",
    "APPLE_ROOT_CERTIFICATES": "/etc/honeydue/apple/AppleRootCA-G3.cer",
    "APPLE_ENVIRONMENT": "Sandbox",
    "GOOGLE_WEBHOOK_SHARED_SECRET": "placeholder-webhook-secret",
    "GOOGLE_SERVICE_ACCOUNT_FILE": "/etc/honeydue/google/service-account.json",
}


def run_python(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """Run this interpreter in the repository with exactly `env` (plus PATH), capturing output."""
    full_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "honeydue.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
