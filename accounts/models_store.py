"""Store webhook events, kept once per provider id so deliveries are idempotent and replayable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoreEvent(models.Model):
    """One App Store / Google Play notification as received (verified), processed by a job."""

    class Provider(models.TextChoices):
        APPLE = "apple", _("Apple App Store")
        GOOGLE = "google", _("Google Play")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored (stale, test or not a Pro product)")
        FAILED = "failed", _("Failed")

    provider = models.CharField(max_length=10, choices=Provider.choices)
    # Apple notificationUUID; Google Pub/Sub messageId.
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=64, blank=True)
    # Verified, decoded notification (no signatures, no personal data beyond store ids).
    payload = models.JSONField(default=dict)
    signed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    subscription = models.ForeignKey(
        "accounts.Subscription", null=True, blank=True, on_delete=models.SET_NULL, related_name="store_events"
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="store_event_once_per_provider_id"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["processed", "ignored"]) | models.Q(processed_at__isnull=False),
                name="store_event_done_has_processed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type or 'event'} {self.event_id}"
