"""Input and output shapes of the tasks API; views translate HTTP, services do the work."""

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from residences.models import TaskCategory, TaskFrequency, TaskPriority
from tasks import rules
from tasks.models import Completion, Task


class TaskSerializer(serializers.ModelSerializer):
    """A task as the caller sees it: `column` and `is_overdue` are for the caller's local date."""

    residence_id = serializers.IntegerField(read_only=True)
    category_id = serializers.IntegerField(read_only=True, allow_null=True)
    priority_id = serializers.IntegerField(read_only=True, allow_null=True)
    frequency_id = serializers.IntegerField(read_only=True)
    assigned_to_id = serializers.IntegerField(read_only=True, allow_null=True)
    contractor_id = serializers.IntegerField(read_only=True, allow_null=True)
    created_by_id = serializers.IntegerField(read_only=True, allow_null=True)
    column = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "residence_id",
            "title",
            "description",
            "category_id",
            "priority_id",
            "frequency_id",
            "custom_interval_days",
            "recurrence_anchor",
            "due_date",
            "assigned_to_id",
            "contractor_id",
            "estimated_cost",
            "in_progress",
            "is_cancelled",
            "is_archived",
            "completed_at",
            "last_completed_at",
            "column",
            "is_overdue",
            "created_by_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=rules.COLUMNS))
    def get_column(self, task: Task) -> str:
        return rules.board_column(task, self.context["today"], self.context.get("days", rules.DEFAULT_BOARD_DAYS))

    def get_is_overdue(self, task: Task) -> bool:
        return rules.is_overdue(task, self.context["today"])


class TaskWriteSerializer(serializers.Serializer):
    """Fields a client may set on create (all) and PATCH (all but residence_id)."""

    residence_id = serializers.IntegerField(help_text="Create only; a residence you belong to.")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    category_id = serializers.PrimaryKeyRelatedField(
        source="category", queryset=TaskCategory.objects.all(), required=False, allow_null=True
    )
    priority_id = serializers.PrimaryKeyRelatedField(
        source="priority", queryset=TaskPriority.objects.all(), required=False, allow_null=True
    )
    frequency_id = serializers.PrimaryKeyRelatedField(
        source="frequency",
        queryset=TaskFrequency.objects.all(),
        required=False,
        help_text="Defaults to the one-time frequency.",
    )
    custom_interval_days = serializers.IntegerField(min_value=1, max_value=3650, required=False, allow_null=True)
    recurrence_anchor = serializers.ChoiceField(choices=Task.Anchor.choices, required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    assigned_to_id = serializers.IntegerField(
        source="assigned_to", required=False, allow_null=True, help_text="A member of the residence."
    )
    contractor_id = serializers.IntegerField(
        source="contractor", required=False, allow_null=True, help_text="A contractor of the residence."
    )
    estimated_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.partial:
            self.fields.pop("residence_id")


class TaskUpdateSerializer(TaskWriteSerializer):
    """PATCH body: any subset of the writable fields (residence_id cannot change)."""

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class CompleteSerializer(serializers.Serializer):
    completed_at = serializers.DateTimeField(required=False, help_text="Defaults to now; not in the future.")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    actual_cost = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    contractor_id = serializers.IntegerField(
        source="contractor", required=False, allow_null=True, help_text="A contractor of the residence."
    )
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=10,
        help_text="Multipart only: up to 10 photos (JPEG, PNG, HEIC, WebP) attached to the completion.",
    )


class CompletionSerializer(serializers.ModelSerializer):
    task_id = serializers.IntegerField(read_only=True)
    residence_id = serializers.IntegerField(read_only=True)
    completed_by_id = serializers.IntegerField(read_only=True, allow_null=True)
    contractor_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Completion
        fields = [
            "id",
            "task_id",
            "residence_id",
            "completed_by_id",
            "completed_at",
            "completed_on",
            "closed_due_date",
            "notes",
            "actual_cost",
            "rating",
            "contractor_id",
            "created_at",
        ]
        read_only_fields = fields


class PaginatedCompletionListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CompletionSerializer(many=True)


class CompleteResponseSerializer(serializers.Serializer):
    completion = CompletionSerializer()
    task = TaskSerializer()


class BoardColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Board column: " + ", ".join(rules.COLUMNS) + ".")
    count = serializers.IntegerField()
    tasks = TaskSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    columns = BoardColumnSerializer(many=True)


class BoardQuerySerializer(serializers.Serializer):
    residence = serializers.IntegerField(required=False, help_text="One of your residences; all of them if omitted.")
    days = serializers.IntegerField(
        required=False, min_value=0, max_value=rules.MAX_BOARD_DAYS, default=rules.DEFAULT_BOARD_DAYS
    )


class ColumnCountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Board column: " + ", ".join(rules.COLUMNS) + ".")
    count = serializers.IntegerField()


class CategoryCostSerializer(serializers.Serializer):
    category_id = serializers.IntegerField(allow_null=True)
    category_key = serializers.CharField(allow_null=True)
    category_name = serializers.SerializerMethodField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    count = serializers.IntegerField()

    def get_category_name(self, row: dict) -> str | None:
        return gettext(row["category_name"]) if row["category_name"] else None


class CostsSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The caller's local calendar year.")
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    completion_count = serializers.IntegerField()
    by_category = CategoryCostSerializer(many=True)


class ResidenceSummarySerializer(serializers.Serializer):
    residence_id = serializers.IntegerField()
    total_tasks = serializers.IntegerField()
    columns = ColumnCountSerializer(many=True)
    costs = CostsSerializer()
