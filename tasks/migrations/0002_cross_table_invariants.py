"""Composite foreign keys for invariants that span tables (PostgreSQL 15+)."""

from django.db import migrations

from honeydue.db import PostgresOnlySQL, composite_foreign_key


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_tasks_and_completions")]

    operations = [
        # frequency_key always equals the frequency's key.
        composite_foreign_key(
            "tasks_task",
            "task_frequency_key_matches",
            ("frequency_id", "frequency_key"),
            "residences_taskfrequency",
            ("id", "key"),
        ),
        # A task's contractor belongs to the task's residence.
        composite_foreign_key(
            "tasks_task",
            "task_contractor_same_residence",
            ("contractor_id", "residence_id"),
            "residences_contractor",
            ("id", "residence_id"),
        ),
        # A completion belongs to its task's residence, and so does its contractor.
        composite_foreign_key(
            "tasks_completion",
            "completion_task_same_residence",
            ("task_id", "residence_id"),
            "tasks_task",
            ("id", "residence_id"),
        ),
        composite_foreign_key(
            "tasks_completion",
            "completion_contractor_same_residence",
            ("contractor_id", "residence_id"),
            "residences_contractor",
            ("id", "residence_id"),
        ),
        # A task is assigned only to a member of its residence; leaving unassigns (ON DELETE SET NULL column list).
        PostgresOnlySQL(
            sql=(
                "ALTER TABLE tasks_task ADD CONSTRAINT task_assignee_is_member "
                "FOREIGN KEY (residence_id, assigned_to_id) "
                "REFERENCES residences_membership (residence_id, user_id) "
                "ON DELETE SET NULL (assigned_to_id) DEFERRABLE INITIALLY DEFERRED"
            ),
            reverse_sql="ALTER TABLE tasks_task DROP CONSTRAINT task_assignee_is_member",
        ),
    ]
