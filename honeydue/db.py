"""Database helpers shared by migrations."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """Raw SQL for constraints Django cannot express (composite foreign keys).

    Skipped on the embedded SQLite database used by zero-configuration runs;
    production and the test suite run on PostgreSQL, where it applies.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def composite_foreign_key(
    table: str, name: str, columns: tuple[str, ...], ref_table: str, ref_columns: tuple[str, ...]
) -> PostgresOnlySQL:
    """A deferrable composite FOREIGN KEY, e.g. (contractor_id, residence_id) -> contractor(id, residence_id)."""
    return PostgresOnlySQL(
        sql=(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({', '.join(columns)}) "
            f"REFERENCES {ref_table} ({', '.join(ref_columns)}) DEFERRABLE INITIALLY DEFERRED"
        ),
        reverse_sql=f"ALTER TABLE {table} DROP CONSTRAINT {name}",
    )
