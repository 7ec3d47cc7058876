"""Benchmark one full reminder tick: 100,000 users with 1,000,000 tasks in a dedicated PostgreSQL database.

    python benchmarks/reminder_tick.py                       # seeds once, then measures
    python benchmarks/reminder_tick.py --users 10000 --reseed
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/honeydue_bench_notifications

Every target hour is set to 0, so one tick has every user of every time zone due
for every kind at once (the worst case; normally a tick only handles the zones
that just crossed an hour). Prints wall time and SQL query count of that tick,
then of the next tick (the steady state), and writes EXPLAIN (ANALYZE, BUFFERS)
of the tick's queries to docs/explain/. Jobs go to an in-memory broker and the
channel layer is in-memory, so the numbers are the database's.
"""

import argparse
import os
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/honeydue_bench_notifications"
ZONES = [
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Lisbon",
    "Africa/Cairo",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
    "America/Mexico_City",
    "Asia/Singapore",
    "Europe/Moscow",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tasks-per-user", type=int, default=10)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--explain-dir", default=str(ROOT / "docs" / "explain"))
    return parser.parse_args()


def configure(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL="memory://",
        CELERY_TASK_ALWAYS_EAGER="false",
        ENVIRONMENT="development",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="honeydue.settings",
    )
    os.environ.pop("REDIS_URL", None)
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(users: int, tasks_per_user: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from notifications.models import Device
    from residences.models import Membership, Residence, TaskFrequency
    from tasks.models import Task

    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accounts_user, residences_residence, notifications_remindersweep RESTART IDENTITY CASCADE"
        )
    monthly = TaskFrequency.objects.get(key="monthly")
    today = datetime.now(UTC).date()
    now = datetime.now(UTC)
    chunk = 5000
    started = time.perf_counter()
    for first in range(0, users, chunk):
        n = min(chunk, users - first)
        with transaction.atomic():
            people = User.objects.bulk_create(
                [
                    User(
                        email=f"bench{first + i}@example.com",
                        password="!",
                        timezone=ZONES[(first + i) % len(ZONES)],
                        locale="en",
                        email_verified=True,
                        date_joined=now,
                    )
                    for i in range(n)
                ]
            )
            homes = Residence.objects.bulk_create([Residence(name=f"Home {p.pk}") for p in people])
            Membership.objects.bulk_create(
                [
                    Membership(residence=h, user=p, role=Membership.Role.OWNER)
                    for h, p in zip(homes, people, strict=True)
                ]
            )
            Device.objects.bulk_create(
                [Device(user=p, platform="ios", token=f"{p.pk:064x}") for p in people if p.pk % 2 == 0]
            )
            Task.objects.bulk_create(
                [
                    Task(
                        residence=h,
                        title=f"Task {k}",
                        frequency=monthly,
                        frequency_key="monthly",
                        due_date=today + timedelta(days=((h.pk * 7 + k * 13) % 120) - 45),
                        is_cancelled=(k == 8 and h.pk % 3 == 0),
                        is_archived=(k == 9 and h.pk % 4 == 0),
                    )
                    for h in homes
                    for k in range(tasks_per_user)
                ],
                batch_size=10000,
            )
        print(f"  seeded {first + n:>7} users ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@contextmanager
def counting_queries():
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def explain(explain_dir: Path) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of each query one chunk of a sweep runs, for one zone's first chunk."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count, Exists, OuterRef

    from notifications import selectors
    from notifications.models import Delivery, Kind, Notification, NotificationPreference
    from tasks.models import Completion

    User = get_user_model()
    today = datetime.now(UTC).date() + timedelta(days=1)  # a date nobody has been notified for yet
    users = selectors.users_to_remind_chunk(
        kind=Kind.TASK_REMINDER, tz_name="Europe/Paris", local_date=today, after_id=0, limit=1000
    )
    user_ids = [u.pk for u in users]
    already = Notification.objects.filter(user=OuterRef("pk"), kind=Kind.TASK_REMINDER, local_date=today)
    opted_out = NotificationPreference.objects.filter(user=OuterRef("pk"), task_reminders=False)
    active = selectors._active_tasks_of_members(user_ids)
    queries = {
        "timezones_in_use": User.objects.filter(is_active=True).values_list("timezone").distinct().order_by(),
        "users_to_remind_chunk": User.objects.filter(timezone="Europe/Paris", is_active=True, pk__gt=0)
        .exclude(Exists(already))
        .exclude(Exists(opted_out))
        .order_by("pk")
        .values_list("pk")[:1000],
        "due_tasks_by_user": active.filter(due_date__gte=today, due_date__lte=today + timedelta(days=1)).values_list(
            "residence__memberships__user_id", "id", "title", "due_date", "residence_id"
        ),
        "overdue_tasks_by_user": active.filter(due_date__lt=today).values_list(
            "residence__memberships__user_id", "id", "title", "due_date", "residence_id"
        ),
        "digest_counts": active.filter(due_date__lte=today + timedelta(days=30))
        .values("residence__memberships__user_id")
        .annotate(n=Count("id"))
        .order_by(),
        "digest_completed_yesterday": Completion.objects.filter(
            residence__memberships__user_id__in=user_ids, completed_on=today - timedelta(days=1)
        ).values("residence__memberships__user_id"),
        "stale_deliveries": Delivery.objects.filter(
            status__in=["pending", "failed"], updated_at__lt=datetime.now(UTC) - timedelta(hours=1)
        )
        .order_by("updated_at")
        .values_list("pk")[:10000],
    }
    explain_dir.mkdir(parents=True, exist_ok=True)
    for name, queryset in queries.items():
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        (explain_dir / f"reminder_tick_{name}.txt").write_text(f"-- {name}\n{sql}\n\n{plan}\n")
        print(f"  EXPLAIN {name}: {plan.splitlines()[-1].strip()}")


def main() -> None:
    args = parse_args()
    configure(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from tasks.models import Task

    if args.reseed or get_user_model().objects.count() != args.users:
        print(f"seeding {args.users} users, {args.users * args.tasks_per_user} tasks ...", flush=True)
        seed(args.users, args.tasks_per_user)
    from notifications import services
    from notifications.models import Delivery, Notification, ReminderSweep

    Notification.objects.all().delete()
    ReminderSweep.objects.all().delete()
    print(f"users={get_user_model().objects.count()} tasks={Task.objects.count()} zones={len(ZONES)}", flush=True)
    settings.TASK_REMINDER_HOUR = settings.OVERDUE_REMINDER_HOUR = settings.DAILY_DIGEST_HOUR = 0
    settings.WARRANTY_REMINDER_HOUR = 0
    now = datetime.now(UTC)
    for label in ("full tick (every user due)", "next tick (steady state)"):
        with counting_queries() as counter:
            started = time.perf_counter()
            report = services.reminder_tick(now=now)
            elapsed = time.perf_counter() - started
        print(
            f"{label}: {elapsed:.2f} s, {counter['queries']} SQL queries, {report.sweeps} sweeps, "
            f"{report.notifications} notifications, chunk size {settings.REMINDER_CHUNK_SIZE}",
            flush=True,
        )
        now += timedelta(minutes=5)
    print(f"deliveries queued: {Delivery.objects.count()}")
    explain(Path(args.explain_dir))


if __name__ == "__main__":
    main()
