from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from honeydue.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Dump the PostgreSQL database (pg_dump custom format) for off-site storage."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default var/backups/honeydue-<time>.dump).")

    def handle(self, *args, output=None, **options):
        from django.conf import settings

        target = output or Path(settings.VAR_DIR) / "backups" / f"honeydue-{timezone.now():%Y%m%dT%H%M%SZ}.dump"
        try:
            path = backup_database(target)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({path.stat().st_size} bytes)"))
