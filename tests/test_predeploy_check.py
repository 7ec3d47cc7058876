"""`manage.py predeploy_check` passes only a deploy that is safe to start."""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.support import PRODUCTION_ENV, run_python

PREDEPLOY = ["manage.py", "predeploy_check"]


def _database_url(name: str) -> str:
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    """A database with no tables at all, as before the first `migrate`."""
    name = f"{connection.settings_dict['NAME']}_empty_{uuid.uuid4().hex[:8]}"
    admin_url = _database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield _database_url(name)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_it_passes_a_migrated_production_deploy():
    result = run_python(PREDEPLOY, {**PRODUCTION_ENV, "DATABASE_URL": _database_url(connection.settings_dict["NAME"])})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    migrations applied" in result.stdout
    assert "ok    check --deploy" in result.stdout
    assert "predeploy_check: all checks passed." in result.stdout


@pytest.mark.django_db
def test_it_fails_on_unapplied_migrations(empty_database):
    result = run_python(PREDEPLOY, {**PRODUCTION_ENV, "DATABASE_URL": empty_database})
    assert result.returncode == 1
    assert "FAIL  migrations applied" in result.stdout
    assert "unapplied migration accounts.0001_initial" in result.stdout
    assert "predeploy_check failed: migrations applied." in result.stderr


@pytest.mark.django_db
def test_it_fails_when_a_required_setting_is_missing():
    env = {**PRODUCTION_ENV, "DATABASE_URL": _database_url(connection.settings_dict["NAME"])}
    del env["METRICS_TOKEN"]
    result = run_python(PREDEPLOY, env)
    assert result.returncode == 1
    assert "FAIL  required settings" in result.stdout
    assert "METRICS_TOKEN is not set" in result.stdout


@pytest.mark.django_db
def test_it_fails_outside_production_with_the_deploy_warnings(capsys):
    with pytest.raises(CommandError, match=r"predeploy_check failed: environment, .*check --deploy"):
        call_command("predeploy_check")
    out = capsys.readouterr().out
    assert "FAIL  environment" in out
    assert "security.W004" in out  # no HSTS outside production


def test_it_fails_when_the_database_is_unreachable():
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    result = run_python(PREDEPLOY, env)
    assert result.returncode == 1
    assert "cannot read migration state: OperationalError" in result.stdout
