"""Worker and beat health without HTTP: manage.py worker_health."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.utils import timezone

from honeydue.celery import HeartbeatScheduler, app
from notifications import health, services

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_beat_is_healthy_after_its_scheduler_wakes_up_and_stale_later(capsys, tmp_path, settings):
    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(tmp_path / "celerybeat-schedule")
    cache.delete(health.BEAT_ALIVE_KEY)
    with pytest.raises(CommandError):
        call_command("worker_health", "--beat")
    scheduler = HeartbeatScheduler(app=app, schedule_filename=settings.CELERY_BEAT_SCHEDULE_FILENAME)
    scheduler.tick()  # what beat does on every wake-up (the tick job itself is not due yet)
    scheduler.close()
    call_command("worker_health", "--beat")
    assert '"healthy": true' in capsys.readouterr().out
    cache.set(health.BEAT_ALIVE_KEY, time.time() - 10 * settings.REMINDER_TICK_SECONDS)
    with pytest.raises(CommandError, match="beat has not woken up recently"):
        call_command("worker_health", "--beat")


@pytest.mark.django_db
def test_ticks_are_healthy_only_after_a_recent_reminder_tick():
    cache.delete(services.BEAT_HEARTBEAT_KEY)
    with pytest.raises(CommandError, match="no reminder tick"):
        call_command("worker_health", "--ticks")
    services.reminder_tick(now=timezone.now())
    call_command("worker_health", "--ticks")


@pytest.mark.django_db
def test_no_worker_answering_is_unhealthy():
    with pytest.raises(CommandError, match="no worker answered"):
        call_command("worker_health", "--worker", "--hostname", f"nobody-{uuid.uuid4().hex}@nowhere", "--timeout", "1")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_answers_the_health_check():
    name = f"health-{uuid.uuid4().hex[:8]}@localhost"
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "honeydue", "worker", "--concurrency=1", "-n", name],
        cwd=ROOT,
        env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", "LOG_LEVEL": "WARNING"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                call_command("worker_health", "--worker", "--hostname", name)
                break
            except CommandError:
                if time.monotonic() > deadline:
                    raise
    finally:
        worker.terminate()
        worker.wait(timeout=20)
