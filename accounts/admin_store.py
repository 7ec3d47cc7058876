"""Admin for subscriptions and store webhook events.

Registered from accounts/admin.py with `from accounts import admin_store  # noqa: F401`.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import StoreEvent, Subscription
from accounts.subscriptions import services


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("user", "tier", "source", "status", "expires_at", "grace_expires_at", "auto_renew", "updated_at")
    list_filter = ("tier", "source", "status", "auto_renew")
    search_fields = ("user__email", "store_reference", "=app_account_token")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("app_account_token", "last_event_at", "created_at", "updated_at")
    date_hierarchy = "expires_at"


@admin.register(StoreEvent)
class StoreEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "provider", "event_type", "status", "attempts", "signed_at", "received_at")
    list_filter = ("provider", "status", "event_type", ("received_at", admin.DateFieldListFilter))
    search_fields = ("=event_id", "subscription__user__email")
    readonly_fields = (
        "provider",
        "event_id",
        "event_type",
        "payload",
        "signed_at",
        "status",
        "attempts",
        "last_error",
        "subscription",
        "received_at",
        "processed_at",
    )
    list_select_related = ("subscription__user",)
    actions = ["reprocess"]

    def has_add_permission(self, request):
        return False  # events only come from the stores

    @admin.action(description=_("Reprocess selected events"), permissions=["change"])
    def reprocess(self, request, queryset):
        count = services.reprocess_store_events(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d event queued for reprocessing.", "%(count)d events queued for reprocessing.", count)
            % {"count": count},
            messages.SUCCESS,
        )
