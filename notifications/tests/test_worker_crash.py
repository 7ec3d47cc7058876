"""A real Celery worker killed with SIGKILL in the middle of a reminder batch, then restarted,
sends every reminder exactly once (acks_late + redelivery + idempotent deliveries)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from honeydue.celery import app
from notifications.models import Delivery, Kind, Notification, RecordedPush
from notifications.tests.factories import DeviceFactory
from notifications.tests.helpers import make_task
from residences.tests.factories import ResidenceFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),  # send_task goes to the broker
]
ROOT = Path(__file__).resolve().parents[2]
USERS = 12
KINDS = (Kind.OVERDUE_REMINDER, Kind.DAILY_DIGEST)


def worker_env() -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "ENVIRONMENT": "test",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": "3",  # unacked jobs of a dead worker come back after 3 s
        "PUSH_BACKEND": "record",
        "PUSH_RECORD_DELAY_MS": "250",  # a slow provider, so the kill lands mid-batch
        "REMINDER_CHUNK_SIZE": "4",
        "TASK_REMINDER_HOUR": "0",
        "OVERDUE_REMINDER_HOUR": "0",
        "DAILY_DIGEST_HOUR": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def start_worker(env: dict) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [
            str(celery),
            "-A",
            "honeydue",
            "worker",
            "--concurrency=2",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"crash-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool children too
    )


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def clean_broker():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (Redis broker)")
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    yield
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


def test_a_worker_killed_mid_batch_then_restarted_sends_every_reminder_once(clean_broker):
    for _ in range(USERS):
        user = UserFactory(timezone="UTC", email_verified=False)
        DeviceFactory(user=user)
        make_task(ResidenceFactory(owner=user), due=user.local_today().replace(year=2020))
    expected = USERS * len(KINDS)

    env = worker_env()
    worker = start_worker(env)
    try:
        app.send_task("notifications.reminder_tick")  # what beat does
        sent_before_kill = wait_for(
            lambda: (n := RecordedPush.objects.count()) >= 3 and n, timeout=60, what="the batch to start"
        )
        kill(worker)
        at_kill = RecordedPush.objects.count()
        assert 0 < at_kill < expected, "the kill must land in the middle of the batch"
        print(f"pushes recorded when the worker was killed: {at_kill} of {expected}")  # noqa: T201 (evidence with -s)

        worker = start_worker(env)
        wait_for(
            lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == expected,
            timeout=180,
            what="every delivery to be sent after the restart",
        )
        time.sleep(4)  # longer than the visibility timeout: any duplicate redelivery would have run by now
    finally:
        kill(worker)

    assert sent_before_kill >= 3
    assert Notification.objects.count() == expected
    for kind in KINDS:
        assert Notification.objects.filter(kind=kind).values("user").distinct().count() == USERS
    assert RecordedPush.objects.count() == expected  # none lost, none doubled
    assert set(RecordedPush.objects.values_list("delivery_id", flat=True)) == set(
        Delivery.objects.values_list("pk", flat=True)
    )
