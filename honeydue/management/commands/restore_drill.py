from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from honeydue.backup import BackupError, restore_drill


class Command(BaseCommand):
    help = (
        "Restore drill: dump the database (or take --from FILE), restore it into a scratch database, "
        "compare row counts table by table, drop the scratch database. Exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="backup_file", type=Path, help="Restore this dump instead of taking one.")
        parser.add_argument("--keep", action="store_true", help="Keep the dump the drill takes.")

    def handle(self, *args, backup_file=None, keep=False, **options):
        try:
            report = restore_drill(backup_file, keep_file=keep)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # pg_restore failing is the drill failing: say so plainly
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(
            f"dump: {report.backup_bytes} bytes in {report.dump_seconds:.2f}s; "
            f"restore: {report.restore_seconds:.2f}s; tables: {report.tables}; rows: {report.rows}"
        )
        if not report.ok:
            for table, (live, restored) in sorted(report.mismatches.items()):
                self.stderr.write(f"MISMATCH {table}: live={live} restored={restored}")
            raise CommandError("Restore drill FAILED: restored data differs from the live database.")
        self.stdout.write(self.style.SUCCESS("Restore drill passed: every table restored with the same row count."))
