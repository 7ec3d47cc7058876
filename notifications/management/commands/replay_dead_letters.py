"""Resend dead-lettered deliveries, each exactly once."""

import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from notifications import services
from notifications.models import Kind

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def duration(value: str) -> timedelta:
    match = re.fullmatch(r"(\d+)([smhdw])", value.strip())
    if not match:
        raise CommandError(f"Bad duration {value!r}: use e.g. 30m, 6h, 2d, 1w.")
    return timedelta(**{UNITS[match[2]]: int(match[1])})


class Command(BaseCommand):
    help = "Queue dead-lettered notification deliveries again (each once), optionally filtered by kind and age."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=Kind.values, help="Only deliveries of this notification kind.")
        parser.add_argument("--older-than", type=duration, help="Dead-lettered longer ago than this (e.g. 2h).")
        parser.add_argument("--newer-than", type=duration, help="Dead-lettered within this (e.g. 1d).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be replayed; change nothing.")

    def handle(self, *args, kind=None, older_than=None, newer_than=None, dry_run=False, **options):
        ids = services.dead_letters_replay(kind=kind, older_than=older_than, newer_than=newer_than, dry_run=dry_run)
        verb = "would replay" if dry_run else "replayed"
        for delivery_id in ids:
            self.stdout.write(f"{verb} delivery {delivery_id}")
        self.stdout.write(self.style.SUCCESS(f"{len(ids)} dead-lettered deliveries {verb}."))
