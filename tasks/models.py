"""Recurring and one-time maintenance tasks and the record of their completions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Task(models.Model):
    """A job a residence needs, once or on a schedule; its board column is derived, never stored."""

    class Anchor(models.TextChoices):
        COMPLETION = "completion", _("From the completion date")
        SCHEDULE = "schedule", _("On a fixed schedule")

    residence = models.ForeignKey("residences.Residence", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.ForeignKey("residences.TaskCategory", on_delete=models.PROTECT, null=True, blank=True)
    priority = models.ForeignKey("residences.TaskPriority", on_delete=models.PROTECT, null=True, blank=True)
    frequency = models.ForeignKey("residences.TaskFrequency", on_delete=models.PROTECT)
    # Copy of frequency.key, tied to it by a composite foreign key, so that the
    # database can check the rules that depend on the kind of frequency.
    frequency_key = models.SlugField(max_length=40, editable=False)
    custom_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    recurrence_anchor = models.CharField(max_length=12, choices=Anchor.choices, default=Anchor.COMPLETION)
    series_start_date = models.DateField(
        null=True, blank=True, help_text="First due date of the series; schedule-anchored occurrences count from it."
    )
    due_date = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tasks"
    )
    contractor = models.ForeignKey(
        "residences.Contractor", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    estimated_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    in_progress = models.BooleanField(default=False)
    is_cancelled = models.BooleanField(default=False)
    is_archived = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True, help_text="Set only on one-time tasks once done.")
    last_completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="created_tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="task_title_not_blank"),
            models.CheckConstraint(
                condition=Q(estimated_cost__isnull=True) | Q(estimated_cost__gte=0), name="task_estimated_cost_gte_0"
            ),
            models.CheckConstraint(
                condition=(
                    # isnull=False spelled out: NULL >= 1 is unknown, which a CHECK would let through.
                    Q(
                        frequency_key="custom",
                        custom_interval_days__isnull=False,
                        custom_interval_days__gte=1,
                        custom_interval_days__lte=3650,
                    )
                    | (~Q(frequency_key="custom") & Q(custom_interval_days__isnull=True))
                ),
                name="task_custom_interval_iff_custom_frequency",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(frequency_key="once"),
                name="task_completed_at_only_one_time",
            ),
            models.UniqueConstraint(fields=["id", "residence"], name="task_id_residence_unique"),
        ]
        indexes = [
            models.Index(fields=["residence", "due_date"], name="task_residence_due_idx"),
            models.Index(
                fields=["due_date"],
                name="task_active_due_idx",
                condition=Q(is_cancelled=False, is_archived=False, completed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_one_time(self) -> bool:
        return self.frequency_key == "once"

    @property
    def is_active(self) -> bool:
        return not (self.is_cancelled or self.is_archived or self.completed_at is not None)

    def clean(self) -> None:
        """The rules the constraints enforce, as form errors (the admin edits tasks through this)."""
        super().clean()
        errors: dict[str, str] = {}
        frequency = self.frequency if self.frequency_id else None
        if frequency is not None:
            self.frequency_key = frequency.key
            if frequency.key == "custom" and not (self.custom_interval_days and 1 <= self.custom_interval_days <= 3650):
                errors["custom_interval_days"] = _("A custom frequency needs 1 to 3650 days.")
            if frequency.key != "custom" and self.custom_interval_days is not None:
                errors["custom_interval_days"] = _("Only a custom frequency takes an interval.")
            if frequency.key != "once" and self.completed_at is not None:
                errors["frequency"] = _("A completed one-time task cannot become recurring.")
        if self.residence_id and self.contractor_id and self.contractor.residence_id != self.residence_id:
            errors["contractor"] = _("The contractor must belong to the task's residence.")
        if (
            self.residence_id
            and self.assigned_to_id
            and not self.residence.memberships.filter(user_id=self.assigned_to_id).exists()
        ):
            errors["assigned_to"] = _("The assignee must be a member of the residence.")
        if errors:
            raise ValidationError(errors)


class Completion(models.Model):
    """One time a task was done: who, when, what it cost, and the task state it replaced (for undo)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completions")
    # Same residence as the task: enforced by a composite foreign key to task (id, residence_id).
    residence = models.ForeignKey("residences.Residence", on_delete=models.CASCADE, related_name="completions")
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="completions"
    )
    completed_at = models.DateTimeField()
    completed_on = models.DateField(help_text="Local calendar date of the completion for the completing user.")
    closed_due_date = models.DateField(null=True, blank=True, help_text="The due date this completion closed.")
    notes = models.TextField(blank=True)
    actual_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    contractor = models.ForeignKey(
        "residences.Contractor", on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    task_before = models.JSONField(help_text="The task fields this completion changed, as they were before it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="completion_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(actual_cost__isnull=True) | Q(actual_cost__gte=0), name="completion_actual_cost_gte_0"
            ),
        ]
        indexes = [
            models.Index(fields=["task", "-completed_at"], name="completion_task_latest_idx"),
            models.Index(fields=["residence", "completed_at"], name="completion_residence_when_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} done {self.completed_at:%Y-%m-%d}"
