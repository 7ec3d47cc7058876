"""List (and delete) stored files that no document or photo row points at."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from documents import files
from documents.selectors import all_stored_names

PREFIXES = ("documents", "media")


class Command(BaseCommand):
    help = "Find files in storage with no document/photo row; delete them unless --dry-run."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list the orphans.")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Skip files younger than this (an upload may be between its file write and its commit).",
        )

    def handle(self, *args, dry_run: bool, min_age_minutes: int, **options):
        storage = files.storage()
        cutoff = timezone.now() - dt.timedelta(minutes=min_age_minutes)
        # Listed first, rows read after: a file whose row commits in between is still seen as referenced.
        stored = [name for prefix in PREFIXES for name in files.walk(prefix)]
        referenced = all_stored_names()
        orphans = []
        for name in stored:
            if name in referenced:
                continue
            if min_age_minutes > 0 and storage.get_modified_time(name) > cutoff:
                continue
            orphans.append(name)
        for name in orphans:
            self.stdout.write(name)
        if dry_run:
            self.stdout.write(f"{len(orphans)} orphan file(s) found (dry run, nothing deleted).")
            return
        files.delete_now(orphans)
        self.stdout.write(f"{len(orphans)} orphan file(s) deleted.")
