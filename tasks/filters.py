"""List filters for /api/tasks/."""

import django_filters
from django.db.models import Q

from tasks import rules
from tasks.models import Task
from tasks.selectors import column_q


class TaskFilter(django_filters.FilterSet):
    residence = django_filters.NumberFilter(field_name="residence_id")
    category = django_filters.NumberFilter(field_name="category_id")
    priority = django_filters.NumberFilter(field_name="priority_id")
    assigned_to = django_filters.NumberFilter(field_name="assigned_to_id")
    column = django_filters.ChoiceFilter(
        choices=[(key, key) for key in rules.COLUMNS],
        method="filter_column",
        help_text="Board column for your local date (due_soon = the next 30 days).",
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Words in the title or description.")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", help_text="Due on or before.")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", help_text="Due on or after.")

    class Meta:
        model = Task
        fields = ["residence", "category", "priority", "assigned_to", "column", "search", "due_before", "due_after"]

    def filter_column(self, queryset, name, value):
        return queryset.filter(column_q(value, self.request.user.local_today()))

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset
