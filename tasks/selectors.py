"""Reads of tasks and completions, always scoped to the caller's residences (outsiders get 404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from residences.models import Residence
from residences.selectors import residence_ids_for
from tasks import rules
from tasks.models import Completion, Task

_ACTIVE = Q(is_archived=False, is_cancelled=False, completed_at__isnull=True)


def active_task_counts(residence_ids: list[int]) -> dict[int, int]:
    """Active tasks (what the plan limit counts) per residence."""
    rows = Task.objects.filter(_ACTIVE, residence_id__in=residence_ids).values("residence_id").annotate(n=Count("id"))
    return {row["residence_id"]: row["n"] for row in rows}


def tasks_visible_to(user) -> QuerySet[Task]:
    """Every task in a residence the user belongs to."""
    return Task.objects.filter(residence__in=residence_ids_for(user)).annotate(priority_level=F("priority__level"))


def completions_visible_to(user) -> QuerySet[Completion]:
    return Completion.objects.filter(residence__in=residence_ids_for(user))


def column_q(column: str, today: dt.date, days: int = rules.DEFAULT_BOARD_DAYS) -> Q:
    """The SQL twin of rules.board_column: the tasks whose column is `column` on `today`."""
    soon = today + dt.timedelta(days=days)
    waiting = _ACTIVE & Q(in_progress=False)
    conditions = {
        rules.ARCHIVED: Q(is_archived=True),
        rules.CANCELLED: Q(is_archived=False, is_cancelled=True),
        rules.COMPLETED: Q(is_archived=False, is_cancelled=False, completed_at__isnull=False),
        rules.IN_PROGRESS: _ACTIVE & Q(in_progress=True),
        rules.OVERDUE: waiting & Q(due_date__lt=today),
        rules.DUE_SOON: waiting & Q(due_date__gte=today, due_date__lte=soon),
        rules.UPCOMING: waiting & (Q(due_date__isnull=True) | Q(due_date__gt=soon)),
    }
    return conditions[column]


def task_board(
    queryset: QuerySet[Task], *, today: dt.date, days: int = rules.DEFAULT_BOARD_DAYS
) -> list[dict[str, Any]]:
    """All seven columns in order, each with its tasks (one query whatever the number of tasks)."""
    grouped: dict[str, list[Task]] = {key: [] for key in rules.COLUMNS}
    for task in queryset.order_by(F("due_date").asc(nulls_last=True), "id"):
        grouped[rules.board_column(task, today, days)].append(task)
    return [{"key": key, "count": len(tasks), "tasks": tasks} for key, tasks in grouped.items()]


def _local_year_bounds(year: int, tzinfo) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1, tzinfo=tzinfo), dt.datetime(year + 1, 1, 1, tzinfo=tzinfo)


def residence_summary(residence: Residence, *, today: dt.date, tzinfo, days: int = rules.DEFAULT_BOARD_DAYS) -> dict:
    """Task counts per board column and this (local) year's completion costs, total and by category.

    Three queries whatever the number of tasks and completions.
    """
    counts = Task.objects.filter(residence=residence).aggregate(
        total=Count("id"), **{f"n_{key}": Count("id", filter=column_q(key, today, days)) for key in rules.COLUMNS}
    )
    start, end = _local_year_bounds(today.year, tzinfo)
    year_completions = Completion.objects.filter(residence=residence, completed_at__gte=start, completed_at__lt=end)
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))
    totals = year_completions.aggregate(
        total=Coalesce(Sum("actual_cost"), zero), count=Count("id"), with_cost=Count("actual_cost")
    )
    by_category = (
        year_completions.values(
            category_id=F("task__category_id"),
            category_key=F("task__category__key"),
            category_name=F("task__category__name"),
        )
        .annotate(total=Coalesce(Sum("actual_cost"), zero), count=Count("id"))
        .order_by(F("category_key").asc(nulls_last=True))
    )
    return {
        "residence_id": residence.pk,
        "total_tasks": counts.pop("total"),
        "columns": [{"key": key, "count": counts[f"n_{key}"]} for key in rules.COLUMNS],
        "costs": {
            "year": today.year,
            "total": totals["total"],
            "completion_count": totals["count"],
            "by_category": list(by_category),
        },
    }
