from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery

from honeydue.exceptions import NotPermitted
from residences import services
from residences.models import (
    Contractor,
    ContractorSpecialty,
    DocumentType,
    Membership,
    Residence,
    ResidenceType,
    ShareCode,
    TaskCategory,
    TaskFrequency,
    TaskPriority,
)
from residences.selectors import invalidate_static_data


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "is_primary", "joined_at"]
    readonly_fields = ["joined_at"]
    raw_id_fields = ["user"]


class ShareCodeInline(admin.StackedInline):
    model = ShareCode
    extra = 0
    can_delete = False
    fields = ["code", "expires_at", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "owner_email", "member_count", "created_at"]
    list_filter = ["residence_type", "country", "created_at"]
    search_fields = ["name", "city", "postal_code", "memberships__user__email"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, ShareCodeInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        owner_email = Membership.objects.filter(residence=OuterRef("pk"), role=Membership.Role.OWNER).values(
            "user__email"
        )[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(owner_email=Subquery(owner_email), member_count=Count("memberships", distinct=True))
        )

    @admin.display(description="owner", ordering="owner_email")
    def owner_email(self, obj):
        return obj.owner_email

    @admin.display(description="members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def delete_model(self, request, obj):
        services.residence_delete(residence=obj)  # also removes the residence's stored files

    def delete_queryset(self, request, queryset):
        for residence in queryset:
            services.residence_delete(residence=residence)


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "residence", "phone", "email", "is_favorite", "created_at"]
    list_filter = ["is_favorite", "specialties"]
    search_fields = ["name", "company", "email", "phone", "residence__name"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    raw_id_fields = ["residence"]
    filter_horizontal = ["specialties"]


class LookupAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["key", "name"]
    ordering = ["sort_order", "id"]

    # Clients revalidate /api/static_data/ by ETag; an edit here must change it.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_static_data()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidate_static_data()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidate_static_data()

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "POST":  # list_editable saves sort_order here
            invalidate_static_data()
        return response


@admin.register(TaskPriority)
class TaskPriorityAdmin(LookupAdmin):
    list_display = [*LookupAdmin.list_display, "level"]


@admin.register(TaskFrequency)
class TaskFrequencyAdmin(LookupAdmin):
    list_display = [*LookupAdmin.list_display, "days", "months"]


for lookup_model in (ResidenceType, TaskCategory, ContractorSpecialty, DocumentType):
    admin.site.register(lookup_model, LookupAdmin)


class ViewOnlyAdmin(admin.ModelAdmin):
    """Shown for support lookups; written through the API's services (plan limits, realtime events).
    Deleting stays allowed so that deleting a residence here can cascade to these rows."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(ViewOnlyAdmin):
    list_display = ("residence", "user", "role", "is_primary", "joined_at")
    list_filter = ("role",)
    search_fields = ("user__email", "residence__name")
    list_select_related = ("residence", "user")

    def delete_model(self, request, obj: Membership) -> None:
        """Removing a member goes through the service (events, the owner cannot be removed)."""
        owner = Membership.objects.get(residence=obj.residence, role=Membership.Role.OWNER).user
        try:
            services.member_remove(residence=obj.residence, actor=owner, user_id=obj.user_id)
        except NotPermitted as exc:
            raise PermissionDenied(str(exc.message)) from exc

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset.select_related("residence"):
            self.delete_model(request, membership)


@admin.register(ShareCode)
class ShareCodeAdmin(ViewOnlyAdmin):
    list_display = ("residence", "code", "expires_at", "created_by", "created_at")
    search_fields = ("=code", "residence__name")
    list_select_related = ("residence", "created_by")
