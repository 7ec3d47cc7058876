"""Exit 0 when the Celery worker answers a broker ping and beat (and the reminder tick) are fresh; 1 otherwise."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from notifications import health


class Command(BaseCommand):
    help = "Health check without HTTP for the worker (--worker) and beat (--beat); use in container healthchecks."

    def add_arguments(self, parser):
        parser.add_argument("--worker", action="store_true", help="Ping workers through the broker.")
        parser.add_argument("--hostname", action="append", help="Only this worker (e.g. celery@host); repeatable.")
        parser.add_argument("--beat", action="store_true", help="Beat woke up recently (Redis heartbeat/file).")
        parser.add_argument("--ticks", action="store_true", help="A reminder tick finished recently.")
        parser.add_argument("--timeout", type=float, default=3.0, help="Ping timeout in seconds.")
        parser.add_argument(
            "--max-age",
            type=int,
            default=None,
            help="Seconds before beat or the tick counts as stale (default: 3 * REMINDER_TICK_SECONDS).",
        )

    def handle(self, *args, worker=False, hostname=None, beat=False, ticks=False, timeout=3.0, max_age=None, **opts):
        if not (worker or beat or ticks):
            worker = True
        max_age = max_age or 3 * settings.REMINDER_TICK_SECONDS
        report: dict = {}
        problems = []
        if worker:
            replies = health.worker_replies(timeout=timeout, destination=hostname)
            report["workers"] = replies
            if not replies:
                problems.append("no worker answered the ping")
        if beat:
            age = health.beat_age_seconds()
            report["beat_age_seconds"] = None if age is None else round(age, 1)
            if age is None or age > max_age:
                problems.append("beat has not woken up recently")
        if ticks:
            age = health.last_tick_age_seconds()
            report["last_tick_age_seconds"] = None if age is None else round(age, 1)
            if age is None or age > max_age:
                problems.append("no reminder tick finished recently")
        report["healthy"] = not problems
        self.stdout.write(json.dumps(report))
        if problems:
            raise CommandError("; ".join(problems), returncode=1)
