"""Production refuses to start with store webhooks that cannot authenticate."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[3]

# The shared realistic production environment, without its store settings (each test sets those).
PRODUCTION = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith(("APPLE_", "GOOGLE_"))}
STORES = {
    "APPLE_ROOT_CERTIFICATES": "/etc/honeydue/AppleRootCA-G3.cer",
    "APPLE_ENVIRONMENT": "Production",
    "APPLE_APP_APPLE_ID": "1234567890",
    "GOOGLE_WEBHOOK_SHARED_SECRET": "s" * 40,
    "GOOGLE_PLAY_CLIENT": "real",
    "GOOGLE_SERVICE_ACCOUNT_FILE": "/etc/honeydue/play.json",
}


def load_settings(extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("APPLE_", "GOOGLE_"))}
    env.update({**PRODUCTION, **extra, "DJANGO_SETTINGS_MODULE": "honeydue.settings"})
    return subprocess.run(
        [sys.executable, "-c", "import honeydue.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_production_with_store_settings_raises_no_store_objection():
    result = load_settings(STORES)
    # Other areas may add their own production requirements; none of ours may be among the refusals.
    for ours in ("APPLE_", "GOOGLE_", "Google webhook"):
        assert ours not in result.stderr, result.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"APPLE_ROOT_CERTIFICATES": ""}, "APPLE_ROOT_CERTIFICATES"),
        ({"APPLE_ENVIRONMENT": "Xcode"}, "APPLE_ENVIRONMENT"),
        ({"APPLE_APP_APPLE_ID": ""}, "APPLE_APP_APPLE_ID"),
        ({"GOOGLE_WEBHOOK_SHARED_SECRET": ""}, "Google webhook needs"),
        (
            {
                "GOOGLE_WEBHOOK_SHARED_SECRET": "",
                "GOOGLE_PUBSUB_AUDIENCE": "https://api.example.com/api/webhooks/google/",
            },
            "Google webhook needs",
        ),
        ({"GOOGLE_PLAY_CLIENT": "fake"}, "GOOGLE_PLAY_CLIENT"),
    ],
)
def test_production_refuses_unauthenticated_store_webhooks(override, message):
    result = load_settings({**STORES, **override})
    assert result.returncode != 0
    assert "Production configuration refused" in result.stderr and message in result.stderr
