"""Staff views: devices, preferences, the inbox and deliveries, with dead letters one filter away."""

from django.contrib import admin, messages

from notifications import services
from notifications.models import Delivery, Device, Notification, NotificationPreference, RecordedPush, ReminderSweep


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "platform", "is_active", "app_version", "last_seen", "deactivated_reason"]
    list_filter = ["platform", "is_active"]
    search_fields = ["user__email", "token"]
    raw_id_fields = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "task_reminders",
        "overdue_reminders",
        "daily_digest",
        "warranty_reminders",
        "push_enabled",
        "email_enabled",
    ]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "status", "attempts", "last_error", "sent_at", "dead_lettered_at", "replayed_at"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "kind", "title", "local_date", "created_at", "read_at"]
    list_filter = ["kind", "local_date"]
    search_fields = ["user__email", "title"]
    raw_id_fields = ["user", "residence"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.action(description="Replay selected dead-lettered deliveries")
def replay_dead_letters(modeladmin, request, queryset):
    replayed = 0
    for delivery_id in queryset.filter(status=Delivery.Status.DEAD).values_list("pk", flat=True):
        # Same service as manage.py replay_dead_letters, one delivery at a time.
        replayed += len(services.dead_letters_replay_ids([delivery_id]))
    messages.info(request, f"{replayed} dead-lettered deliveries queued again.")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "notification",
        "channel",
        "status",
        "attempts",
        "updated_at",
        "dead_lettered_at",
        "last_error",
    ]
    list_filter = ["status", "channel", "notification__kind"]
    search_fields = ["notification__user__email"]
    raw_id_fields = ["notification"]
    readonly_fields = ["created_at", "updated_at", "sent_at", "dead_lettered_at", "replayed_at"]
    actions = [replay_dead_letters]


@admin.register(ReminderSweep)
class ReminderSweepAdmin(admin.ModelAdmin):
    list_display = ["kind", "timezone", "local_date", "users_notified", "finished_at"]
    list_filter = ["kind", "local_date"]


@admin.register(RecordedPush)
class RecordedPushAdmin(admin.ModelAdmin):
    """What the `record` push provider sent (demos and cross-process tests); never written by staff."""

    list_display = ["id", "delivery", "title", "created_at"]
    raw_id_fields = ["delivery"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
