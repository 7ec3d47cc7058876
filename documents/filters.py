"""List filters: flat query parameters, relations by id."""

import datetime as dt

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents.models import Document, Media


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DocumentFilter(django_filters.FilterSet):
    residence = IntegerFilter(field_name="residence_id")
    document_type = IntegerFilter(field_name="document_type_id")
    task = IntegerFilter(field_name="task_id")
    expiring_within_days = IntegerFilter(
        method="filter_expiring_within_days",
        min_value=0,
        max_value=3650,
        label="Documents whose expiry date is between today and today + N days (caller's local date).",
    )

    class Meta:
        model = Document
        fields = ["residence", "document_type", "task", "expiring_within_days"]

    def filter_expiring_within_days(self, queryset, name, value):
        today = self.request.user.local_today()
        return queryset.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=int(value)))


class MediaFilter(django_filters.FilterSet):
    residence = IntegerFilter(field_name="residence_id")
    task = IntegerFilter(field_name="task_id")
    completion = IntegerFilter(field_name="completion_id")

    class Meta:
        model = Media
        fields = ["residence", "task", "completion"]
