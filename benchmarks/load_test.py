"""HTTP load test against a real gunicorn on 127.0.0.1: the phone's hot reads plus completions.

    python benchmarks/load_test.py [--concurrency 20] [--seconds 20] [--max-requests 20000]

Builds its own database (`honeydue_load`, dropped and recreated), seeds one household with
5 members and 300 tasks, starts gunicorn with gunicorn.conf.py, drives it with concurrent
httpx clients for a bounded time and request count, and prints throughput, latency
percentiles per route and the error count. Loopback only; it stops by itself.
Targets (2-core machine, 2 sync workers, client on the same cores): no 5xx, and a mean
service time (workers / throughput) under 50 ms. At concurrency 16 latency is mostly queueing:
on 2026-11-21 it measured 74.5 req/s (27 ms service time), board p95 350 ms, no 5xx; the 409s
are quick-completes of a task completed seconds before (the two-phones guard).
"""

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
DB_NAME = "honeydue_load"
ENV = {
    **os.environ,
    "ENVIRONMENT": "test",
    "DATABASE_URL": os.environ.get("LOAD_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"),
    "REDIS_URL": os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/14"),
    "CELERY_TASK_ALWAYS_EAGER": "true",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PUSH_BACKEND": "memory",
    "THROTTLE_USER": "10000000/hour",
    "THROTTLE_ANON": "10000000/hour",
    "LOG_LEVEL": "WARNING",
    "GUNICORN_WORKERS": "2",
}
PY = str(ROOT / ".venv" / "bin" / "python")


def manage(*args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    ).stdout


SEED = """
import datetime as dt
from knox.models import AuthToken
from accounts.models import User
from residences.models import Membership, Residence, TaskFrequency
from tasks.models import Task
owner_password = "load-test-password-1"  # pragma: allowlist secret
owner = User.objects.create_user(email="owner@load.test", password=owner_password)
home = Residence.objects.create(name="Load house")
Membership.objects.create(residence=home, user=owner, role="owner")
users = [owner]
for i in range(4):
    users.append(User.objects.create_user(email=f"m{i}@load.test", password=owner_password))
for user in users[1:]:
    Membership.objects.create(residence=home, user=user, role="member")
weekly = TaskFrequency.objects.get(key="weekly")
today = dt.date.today()
Task.objects.bulk_create(
    Task(residence=home, title=f"Task {n}", frequency=weekly, frequency_key="weekly",
         due_date=today + dt.timedelta(days=n % 60 - 20), series_start_date=today, created_by=owner)
    for n in range(300)
)
for user in users:
    print(home.pk, AuthToken.objects.create(user)[1])
"""


def prepare() -> tuple[int, list[str]]:
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    manage("migrate", "--no-input", "-v0")
    output = manage("shell", "-c", SEED).strip().splitlines()
    lines = [line.split() for line in output if len(line.split()) == 2 and line.split()[0].isdigit()]
    return int(lines[0][0]), [token for _, token in lines]


async def run(concurrency: int, seconds: float, max_requests: int, residence_id: int, tokens: list[str]):
    base = f"http://127.0.0.1:{PORT}"
    routes = [
        (5, "GET", "/api/tasks/board/?residence={r}"),
        (5, "GET", "/api/tasks/?residence={r}&page_size=50"),
        (3, "GET", "/api/static_data/"),
        (2, "GET", "/api/residences/"),
        (2, "GET", "/api/residences/{r}/summary/"),
        (1, "POST", "/api/tasks/{t}/quick-complete/"),
    ]
    weights = [w for w, *_ in routes]
    timings: dict[str, list[float]] = defaultdict(list)
    statuses: dict[int, int] = defaultdict(int)
    deadline = time.monotonic() + seconds
    sent = 0

    async def worker(index: int) -> None:
        nonlocal sent
        headers = {"Authorization": f"Token {tokens[index % len(tokens)]}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
            task_ids = [
                t["id"]
                for t in (await client.get(f"/api/tasks/?residence={residence_id}&page_size=100")).json()["results"]
            ]
            while time.monotonic() < deadline and sent < max_requests:
                sent += 1
                _, method, path = random.choices(routes, weights)[0]
                url = path.format(r=residence_id, t=random.choice(task_ids))
                started = time.perf_counter()
                response = await client.request(method, url)
                timings[path].append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] += 1

    started = time.monotonic()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in timings.values())
    print(f"requests: {total} in {elapsed:.1f}s = {total / elapsed:.1f} req/s at concurrency {concurrency}")
    print(f"statuses: {dict(sorted(statuses.items()))}")
    for path, values in sorted(timings.items()):
        values.sort()
        p95, p99 = (values[min(len(values) - 1, int(len(values) * q))] for q in (0.95, 0.99))
        median = statistics.median(values)
        print(f"  {path:<40} n={len(values):<6} p50={median:7.1f} ms  p95={p95:7.1f} ms  p99={p99:7.1f} ms")
    return statuses


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=20000)
    args = parser.parse_args()
    residence_id, tokens = prepare()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "honeydue.wsgi:application",
        ],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{PORT}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        statuses = asyncio.run(run(args.concurrency, args.seconds, args.max_requests, residence_id, tokens))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return 1 if any(code >= 500 for code in statuses) else 0


if __name__ == "__main__":
    sys.exit(main())
