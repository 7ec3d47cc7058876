"""`manage.py predeploy_check`: refuse a deploy that would start broken.

Run it with the production environment, after `migrate` and before switching
traffic. Exits non-zero and says what to fix when a check fails.
"""

from django.conf import settings
from django.core.checks import WARNING, run_checks
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

# Settings a production deploy cannot do without (their environment variable has the same name).
REQUIRED_SETTINGS = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DEFAULT_FROM_EMAIL", "METRICS_TOKEN")


def missing_settings() -> list[str]:
    missing = [name for name in REQUIRED_SETTINGS if not getattr(settings, name, None)]
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and not settings.EMAIL_HOST:
        missing.append("EMAIL_HOST")
    return missing


def unapplied_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def deploy_check_messages() -> list[str]:
    messages = run_checks(include_deployment_checks=True)
    return [f"{message.id}: {message.msg}" for message in messages if message.level >= WARNING]


class Command(BaseCommand):
    help = "Check that a production deploy is safe: settings present, migrations applied, check --deploy clean."

    def handle(self, *args, **options):
        failures = []

        if settings.IS_PRODUCTION:
            self._report("environment", [])
        else:
            self._report("environment", [f"ENVIRONMENT is {settings.ENVIRONMENT!r}, not 'production'"])
            failures.append("environment")

        missing = missing_settings()
        self._report("required settings", [f"{name} is not set" for name in missing])
        if missing:
            failures.append("required settings")

        try:
            pending = [f"unapplied migration {name}" for name in unapplied_migrations()]
        except Exception as exc:  # an unreachable database is a failed check, not a traceback
            pending = [f"cannot read migration state: {exc.__class__.__name__}: {exc}"]
        self._report("migrations applied", pending)
        if pending:
            failures.append("migrations applied")

        warnings = deploy_check_messages()
        self._report("check --deploy", warnings)
        if warnings:
            failures.append("check --deploy")

        if failures:
            raise CommandError(f"predeploy_check failed: {', '.join(failures)}.")
        self.stdout.write("predeploy_check: all checks passed.")

    def _report(self, name: str, problems: list[str]) -> None:
        if not problems:
            self.stdout.write(f"ok    {name}")
            return
        self.stdout.write(f"FAIL  {name}")
        for problem in problems:
            self.stdout.write(f"      - {problem}")
