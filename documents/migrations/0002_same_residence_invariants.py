"""Composite foreign keys: a document's task, a photo's task and completion are in its residence."""

from django.db import migrations

from honeydue.db import PostgresOnlySQL, composite_foreign_key


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_documents_and_photos"),
        ("tasks", "0002_cross_table_invariants"),
    ]

    operations = [
        composite_foreign_key(
            "documents_document",
            "document_task_same_residence",
            ("task_id", "residence_id"),
            "tasks_task",
            ("id", "residence_id"),
        ),
        composite_foreign_key(
            "documents_media",
            "media_task_same_residence",
            ("task_id", "residence_id"),
            "tasks_task",
            ("id", "residence_id"),
        ),
        # Target for the next key. Added here (not in a tasks migration) because only
        # photos need it; (id, ...) is unique anyway since id is the primary key.
        PostgresOnlySQL(
            sql=(
                "ALTER TABLE tasks_completion ADD CONSTRAINT completion_id_task_residence_unique "
                "UNIQUE (id, task_id, residence_id)"
            ),
            reverse_sql="ALTER TABLE tasks_completion DROP CONSTRAINT completion_id_task_residence_unique",
        ),
        # A photo's completion is of the photo's task, in the photo's residence
        # (the CHECK media_completion_has_task makes task_id present whenever completion_id is).
        composite_foreign_key(
            "documents_media",
            "media_completion_same_task_and_residence",
            ("completion_id", "task_id", "residence_id"),
            "tasks_completion",
            ("id", "task_id", "residence_id"),
        ),
    ]
