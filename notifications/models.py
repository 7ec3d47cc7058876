"""Devices, preferences, the inbox and the delivery of each inbox item by push and email."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; the scheduled kinds exist at most once per user and local date."""

    TASK_REMINDER = "task_reminder", _("Task reminder")
    OVERDUE_REMINDER = "overdue_reminder", _("Overdue reminder")
    DAILY_DIGEST = "daily_digest", _("Daily digest")
    WARRANTY_REMINDER = "warranty_reminder", _("Warranty reminder")
    TEST = "test", _("Test notification")


SCHEDULED_KINDS = (Kind.TASK_REMINDER, Kind.OVERDUE_REMINDER, Kind.DAILY_DIGEST, Kind.WARRANTY_REMINDER)


class Device(models.Model):
    """A phone registered for push; a token belongs to one user at a time."""

    class Platform(models.TextChoices):
        IOS = "ios", "iOS"
        ANDROID = "android", "Android"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices")
    platform = models.CharField(max_length=10, choices=Platform.choices)
    token = models.CharField(max_length=512, unique=True)
    app_version = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    last_seen = models.DateTimeField(auto_now=True)
    deactivated_reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(token=""), name="device_token_not_blank")]
        indexes = [models.Index(fields=["user"], name="device_user_active_idx", condition=Q(is_active=True))]

    def __str__(self) -> str:
        return f"{self.platform} device of user {self.user_id}"


class NotificationPreference(models.Model):
    """What a user wants to receive, per kind and per channel; missing row = everything on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    task_reminders = models.BooleanField(default=True)
    overdue_reminders = models.BooleanField(default=True)
    daily_digest = models.BooleanField(default=True)
    warranty_reminders = models.BooleanField(default=True)
    push_enabled = models.BooleanField(default=True)
    email_enabled = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    KIND_FIELDS = {
        Kind.TASK_REMINDER: "task_reminders",
        Kind.OVERDUE_REMINDER: "overdue_reminders",
        Kind.DAILY_DIGEST: "daily_digest",
        Kind.WARRANTY_REMINDER: "warranty_reminders",
    }

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"

    def wants_kind(self, kind: str) -> bool:
        field = self.KIND_FIELDS.get(kind)
        return True if field is None else getattr(self, field)

    def wants_channel(self, channel: str) -> bool:
        return self.push_enabled if channel == Delivery.Channel.PUSH else self.email_enabled


class Notification(models.Model):
    """An inbox item; scheduled kinds carry the user's local date and are unique per (user, kind, local date)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    residence = models.ForeignKey(
        "residences.Residence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    local_date = models.DateField(null=True, blank=True, help_text="The user's local date a scheduled kind is for.")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Exactly-once per day is the database's job: every tick, retry and
            # replay inserts with ON CONFLICT DO NOTHING against this index.
            # (kind, local_date) first: the tick's "not yet notified" anti-join reads one range of it.
            models.UniqueConstraint(
                fields=["kind", "local_date", "user"],
                condition=Q(kind__in=[k.value for k in SCHEDULED_KINDS]),
                name="notification_once_per_user_kind_local_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in SCHEDULED_KINDS]) | Q(local_date__isnull=False),
                name="notification_scheduled_kind_has_local_date",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_inbox_idx"),
            models.Index(fields=["user"], name="notification_unread_idx", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.user_id}"


class Delivery(models.Model):
    """One notification sent over one channel; its status moves pending → sent, or → failed → dead."""

    class Channel(models.TextChoices):
        PUSH = "push", _("Push")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        FAILED = "failed", _("Failed, will retry")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        DEAD = "dead", _("Dead-lettered")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    dead_lettered_at = models.DateTimeField(null=True, blank=True)
    replayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"), name="delivery_sent_has_sent_at"
            ),
        ]
        indexes = [
            models.Index(
                fields=["updated_at"], name="delivery_unfinished_idx", condition=Q(status__in=["pending", "failed"])
            ),
            models.Index(fields=["dead_lettered_at"], name="delivery_dead_idx", condition=Q(status="dead")),
        ]

    def __str__(self) -> str:
        return f"{self.channel} delivery of notification {self.notification_id}: {self.status}"


class ReminderSweep(models.Model):
    """A finished pass of one scheduled kind over one time zone for one local date, so later ticks skip it."""

    kind = models.CharField(max_length=30, choices=Kind.choices)
    timezone = models.CharField(max_length=64)
    local_date = models.DateField()
    users_notified = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "timezone", "local_date"], name="sweep_once_per_kind_tz_date")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.timezone} {self.local_date}"


class RecordedPush(models.Model):
    """A push the `record` provider "sent": written in the delivery's own transaction (development, crash tests)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="recorded_pushes")
    device_token = models.CharField(max_length=512)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"push for delivery {self.delivery_id}"
