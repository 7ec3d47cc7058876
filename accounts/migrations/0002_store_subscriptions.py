"""Store subscription state on Subscription and the StoreEvent webhook log."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill_app_account_tokens(apps, schema_editor):
    Subscription = apps.get_model("accounts", "Subscription")
    for subscription in Subscription.objects.filter(app_account_token__isnull=True).only("pk"):
        subscription.app_account_token = uuid.uuid4()
        subscription.save(update_fields=["app_account_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoreEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "provider",
                    models.CharField(choices=[("apple", "Apple App Store"), ("google", "Google Play")], max_length=10),
                ),
                ("event_id", models.CharField(max_length=200)),
                ("event_type", models.CharField(blank=True, max_length=64)),
                ("payload", models.JSONField(default=dict)),
                ("signed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("processed", "Processed"),
                            ("ignored", "Ignored (stale, test or not a Pro product)"),
                            ("failed", "Failed"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
                ("received_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("processed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "ordering": ["-received_at"],
            },
        ),
        # Existing rows each need their own token: add nullable, fill, then make unique.
        migrations.AddField(
            model_name="subscription",
            name="app_account_token",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_app_account_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscription",
            name="app_account_token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="auto_renew",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="grace_expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="last_event_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="product_id",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="subscription",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "No store subscription"),
                    ("active", "Active"),
                    ("grace", "Renewal failed, in grace period"),
                    ("billing_retry", "Renewal failed, store retrying"),
                    ("expired", "Expired"),
                    ("refunded", "Refunded"),
                    ("revoked", "Revoked"),
                ],
                default="",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="subscription",
            name="store_reference",
            field=models.CharField(blank=True, max_length=512),
        ),
        migrations.AddConstraint(
            model_name="subscription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("store_reference", ""), _negated=True),
                fields=("source", "store_reference"),
                name="subscription_store_reference_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="subscription",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", ""), ("source__in", ["apple", "google"]), _connector="OR"),
                name="subscription_status_only_for_store",
            ),
        ),
        migrations.AddField(
            model_name="storeevent",
            name="subscription",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="store_events",
                to="accounts.subscription",
            ),
        ),
        migrations.AddConstraint(
            model_name="storeevent",
            constraint=models.UniqueConstraint(
                fields=("provider", "event_id"), name="store_event_once_per_provider_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="storeevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status__in", ["processed", "ignored"]), _negated=True),
                    ("processed_at__isnull", False),
                    _connector="OR",
                ),
                name="store_event_done_has_processed_at",
            ),
        ),
    ]
