from django.contrib import admin

from tasks.models import Completion, Task


class CompletionInline(admin.TabularInline):
    model = Completion
    extra = 0
    fields = ["completed_at", "completed_on", "completed_by", "closed_due_date", "actual_cost", "rating", "notes"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Completions are recorded through the service (it advances the due date); not by hand here.
        return False


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", "Active"),
            ("in_progress", "In progress"),
            ("completed", "Completed (one-time)"),
            ("cancelled", "Cancelled"),
            ("archived", "Archived"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "active":
            return queryset.filter(is_archived=False, is_cancelled=False, completed_at__isnull=True)
        if value == "in_progress":
            return queryset.filter(is_archived=False, is_cancelled=False, completed_at__isnull=True, in_progress=True)
        if value == "completed":
            return queryset.filter(is_archived=False, is_cancelled=False, completed_at__isnull=False)
        if value == "cancelled":
            return queryset.filter(is_archived=False, is_cancelled=True)
        if value == "archived":
            return queryset.filter(is_archived=True)
        return queryset


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "residence",
        "category",
        "frequency",
        "due_date",
        "in_progress",
        "is_cancelled",
        "is_archived",
    ]
    list_filter = ["residence", "category", StateFilter]
    search_fields = ["title"]
    list_select_related = ["residence", "category", "frequency"]
    raw_id_fields = ["residence", "assigned_to", "contractor"]
    readonly_fields = ["frequency_key", "completed_at", "last_completed_at", "created_by", "created_at", "updated_at"]
    inlines = [CompletionInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving a task would strand its completions in the old residence (the composite keys refuse it).
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "residence"] if obj is not None else readonly


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ["task", "residence", "completed_at", "completed_by", "actual_cost", "rating"]
    list_filter = ["residence"]
    search_fields = ["task__title"]
    raw_id_fields = ["task", "residence", "completed_by", "contractor"]
    readonly_fields = ["task_before", "created_at"]
