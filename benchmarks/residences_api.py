"""Latency of the hot residences reads, on a throwaway test database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honeydue REDIS_URL=redis://127.0.0.1:6379/15 \
        python benchmarks/residences_api.py [--requests 300]

Targets (one API process, local PostgreSQL and Redis, an otherwise idle machine):
static data from the cache and its 304 p95 < 5 ms; a list of 20 residences within
20 ms of the authenticated baseline (an empty contractor list); a join p95 < 50 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honeydue.settings")
os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def measure(label: str, call, n: int) -> None:
    timings = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{label:<38} n={n:<5} p50={statistics.median(timings):7.2f} ms  p95={p95:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from django.core.cache import cache
        from rest_framework.test import APIClient

        from accounts.tests.factories import UserFactory, make_pro
        from conftest import client_for
        from residences.tests.factories import ResidenceFactory, add_member

        cache.clear()
        anonymous = APIClient()
        etag = anonymous.get("/api/static_data/")["ETag"]
        measure("GET /api/static_data/ (cached)", lambda: anonymous.get("/api/static_data/"), n)
        measure(
            "GET /api/static_data/ (304)",
            lambda: anonymous.get("/api/static_data/", HTTP_IF_NONE_MATCH=etag),
            n,
        )

        owner = UserFactory()
        make_pro(owner)
        for _ in range(20):
            add_member(ResidenceFactory(owner=owner))
        client = client_for(owner)
        measure("GET /api/contractors/ (auth baseline)", lambda: client.get("/api/contractors/"), n)
        measure("GET /api/residences/ (20 homes)", lambda: client.get("/api/residences/"), n)

        code = client.post(f"/api/residences/{ResidenceFactory(owner=owner).pk}/share-code/").json()["code"]
        joiners = [client_for(UserFactory()) for _ in range(min(n, 25))]  # join_user throttle: one join each
        it = iter(joiners)
        measure(
            "POST /api/residences/join/", lambda: next(it).post("/api/residences/join/", {"code": code}), len(joiners)
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
