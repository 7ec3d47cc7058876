"""PostgreSQL backup and the restore drill: dump, restore into a scratch database, compare."""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection


class BackupError(RuntimeError):
    pass


def _require_postgres() -> dict:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups and the restore drill need PostgreSQL (DATABASE_URL); the embedded SQLite is a file."
        )
    for tool in ("pg_dump", "pg_restore"):
        if not shutil.which(tool):
            raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    return settings.DATABASES["default"]


def _tool(name: str) -> str:
    return shutil.which(name) or name


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _conn_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def backup_database(output: Path) -> Path:
    """Write a compressed custom-format dump (restorable with pg_restore) to `output`."""
    db = _require_postgres()
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [
        _tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        *_conn_args(db),
        "--file",
        str(output),
    ]
    subprocess.run([*command, db["NAME"]], check=True, env=_pg_env(db), capture_output=True, text=True)
    return output


def _table_counts(dsn_kwargs: dict) -> dict[str, int]:
    with psycopg.connect(**dsn_kwargs, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608 (catalog names)


def _dsn(db: dict, name: str) -> dict:
    kwargs = {"dbname": name}
    for key, arg in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            kwargs[arg] = db[key]
    return kwargs


@dataclass
class DrillReport:
    backup_file: Path
    backup_bytes: int
    dump_seconds: float
    restore_seconds: float
    tables: int
    rows: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def restore_drill(backup_file: Path | None = None, keep_file: bool = False) -> DrillReport:
    """Dump the live database (unless a dump is given), restore it into a scratch
    database, and compare every table's row count. The scratch database is dropped."""
    db = _require_postgres()
    work = Path(settings.VAR_DIR) / "backups"
    started = time.monotonic()
    dump = backup_file or backup_database(work / f"drill-{int(time.time())}.dump")
    dump_seconds = time.monotonic() - started

    scratch = f"{db['NAME']}_restore_drill"
    admin = _dsn(db, "postgres")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        started = time.monotonic()
        subprocess.run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *_conn_args(db),
                "--dbname",
                scratch,
                str(dump),
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        restore_seconds = time.monotonic() - started
        live = _table_counts(_dsn(db, db["NAME"]))
        restored = _table_counts(_dsn(db, scratch))
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')

    mismatches = {
        t: (live.get(t, -1), restored.get(t, -1)) for t in set(live) | set(restored) if live.get(t) != restored.get(t)
    }
    report = DrillReport(
        backup_file=dump,
        backup_bytes=dump.stat().st_size,
        dump_seconds=dump_seconds,
        restore_seconds=restore_seconds,
        tables=len(restored),
        rows=sum(restored.values()),
        mismatches=mismatches,
    )
    if backup_file is None and not keep_file:
        dump.unlink(missing_ok=True)
    return report
