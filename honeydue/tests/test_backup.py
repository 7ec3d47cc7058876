import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.tests.factories import UserFactory
from honeydue.backup import restore_drill


@pytest.mark.django_db(transaction=True)
def test_restore_drill_restores_every_row(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    UserFactory.create_batch(3)
    report = restore_drill()
    assert report.ok, report.mismatches
    assert report.tables > 20
    assert report.rows >= 3
    assert not list((tmp_path / "backups").glob("*.dump")), "the drill's own dump is removed unless kept"


@pytest.mark.django_db(transaction=True)
def test_restore_drill_fails_loudly_on_a_corrupt_dump(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    corrupt = tmp_path / "corrupt.dump"
    corrupt.write_bytes(b"PGDMP this is not a dump")
    with pytest.raises(CommandError, match="Restore failed"):
        call_command("restore_drill", "--from", str(corrupt))


@pytest.mark.django_db(transaction=True)
def test_backup_database_writes_a_restorable_dump(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    UserFactory()
    target = tmp_path / "b.dump"
    call_command("backup_database", "--output", str(target))
    assert target.read_bytes().startswith(b"PGDMP")
    assert restore_drill(target).ok
