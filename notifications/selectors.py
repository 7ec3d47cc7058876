"""Reads: the inbox, and who gets which scheduled reminder with what content (chunked, index-friendly)."""

from collections import defaultdict
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from notifications.models import Device, Kind, Notification, NotificationPreference, ReminderSweep
from residences.models import Membership
from tasks.models import Completion, Task

DUE_SOON_DAYS = 30  # the board's default "due soon" horizon (DESIGN, Tasks)
MAX_TITLES = 5


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(user) -> NotificationPreference:
    """The saved preferences, or the all-on defaults (unsaved) when the user never changed them."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def timezones_in_use() -> list[str]:
    User = get_user_model()
    return list(User.objects.filter(is_active=True).values_list("timezone", flat=True).distinct().order_by())


def finished_sweeps(local_dates) -> set[tuple[str, str, date]]:
    return set(
        ReminderSweep.objects.filter(local_date__in=set(local_dates)).values_list("kind", "timezone", "local_date")
    )


def users_to_remind_chunk(*, kind: str, tz_name: str, local_date: date, after_id: int, limit: int) -> list:
    """The next `limit` active users (by id) in `tz_name` who want `kind` and have not got it for `local_date`."""
    User = get_user_model()
    pref_field = NotificationPreference.KIND_FIELDS[kind]
    already = Notification.objects.filter(user=OuterRef("pk"), kind=kind, local_date=local_date)
    opted_out = NotificationPreference.objects.filter(user=OuterRef("pk"), **{pref_field: False})
    return list(
        User.objects.filter(timezone=tz_name, is_active=True, pk__gt=after_id)
        .exclude(Exists(already))
        .exclude(Exists(opted_out))
        .order_by("pk")
        .only("pk", "email", "locale", "first_name", "email_verified", "timezone")[:limit]
    )


def _active_tasks_of_members(user_ids) -> QuerySet:
    return Task.objects.filter(
        residence__memberships__user_id__in=user_ids,
        is_cancelled=False,
        is_archived=False,
        completed_at__isnull=True,
        in_progress=False,  # the board puts in-progress tasks in their own column, not overdue/due soon
    )


def _titles_by_user(rows) -> dict[int, list[dict]]:
    by_user: dict[int, list[dict]] = defaultdict(list)
    for user_id, task_id, title, due, residence_id in rows:
        by_user[user_id].append(
            {"id": task_id, "title": title, "due_date": due.isoformat(), "residence_id": residence_id}
        )
    return by_user


def due_tasks_by_user(user_ids, today: date) -> dict[int, list[dict]]:
    """Active tasks due today or tomorrow in the users' residences, per user."""
    rows = (
        _active_tasks_of_members(user_ids)
        .filter(due_date__gte=today, due_date__lte=today + timedelta(days=1))
        .order_by("residence__memberships__user_id", "due_date", "id")
        .values_list("residence__memberships__user_id", "id", "title", "due_date", "residence_id")
    )
    return _titles_by_user(rows)


def overdue_tasks_by_user(user_ids, today: date) -> dict[int, list[dict]]:
    """Active tasks whose due date is before the users' local today (the board's overdue rule)."""
    rows = (
        _active_tasks_of_members(user_ids)
        .filter(due_date__lt=today)
        .order_by("residence__memberships__user_id", "due_date", "id")
        .values_list("residence__memberships__user_id", "id", "title", "due_date", "residence_id")
    )
    return _titles_by_user(rows)


def digest_by_user(user_ids, today: date) -> dict[int, dict]:
    """Counts of overdue, due-soon and yesterday's completed tasks across the users' residences."""
    counts = (
        _active_tasks_of_members(user_ids)
        .filter(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .values("residence__memberships__user_id")
        .annotate(
            overdue=Count("id", filter=Q(due_date__lt=today)),
            due_soon=Count("id", filter=Q(due_date__gte=today)),
        )
        .order_by()
    )
    digest: dict[int, dict] = defaultdict(lambda: {"overdue": 0, "due_soon": 0, "completed_yesterday": 0})
    for row in counts:
        digest[row["residence__memberships__user_id"]].update(overdue=row["overdue"], due_soon=row["due_soon"])
    completed = (
        Completion.objects.filter(residence__memberships__user_id__in=user_ids, completed_on=today - timedelta(days=1))
        .values("residence__memberships__user_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in completed:
        digest[row["residence__memberships__user_id"]]["completed_yesterday"] = row["n"]
    return {user_id: d for user_id, d in digest.items() if any(d.values())}


WARRANTY_LEAD_DAYS = (30, 7)


def document_model():
    """documents.Document, or None while the documents app has no such model."""
    try:
        return apps.get_model("documents", "Document")
    except LookupError:
        return None


def expiring_documents_by_user(user_ids, today: date) -> dict[int, list[dict]]:
    """Documents expiring exactly 30 or 7 days from the users' local today."""
    Document = document_model()
    if Document is None:
        return {}
    targets = [today + timedelta(days=days) for days in WARRANTY_LEAD_DAYS]
    rows = (
        Document.objects.filter(residence__memberships__user_id__in=user_ids, expires_on__in=targets)
        .order_by("residence__memberships__user_id", "expires_on", "id")
        .values_list("residence__memberships__user_id", "id", "title", "expires_on", "residence_id")
    )
    by_user: dict[int, list[dict]] = defaultdict(list)
    for user_id, doc_id, title, expires_on, residence_id in rows:
        by_user[user_id].append(
            {
                "id": doc_id,
                "title": title,
                "expires_on": expires_on.isoformat(),
                "residence_id": residence_id,
                "days_left": (expires_on - today).days,
            }
        )
    return by_user


CONTENT_SELECTORS = {
    Kind.TASK_REMINDER: due_tasks_by_user,
    Kind.OVERDUE_REMINDER: overdue_tasks_by_user,
    Kind.DAILY_DIGEST: digest_by_user,
    Kind.WARRANTY_REMINDER: expiring_documents_by_user,
}


def push_capable_user_ids(user_ids) -> set[int]:
    return set(Device.objects.filter(user_id__in=user_ids, is_active=True).values_list("user_id", flat=True))


def preferences_by_user(user_ids) -> dict[int, NotificationPreference]:
    return {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}


def members_of(residence_id: int) -> set[int]:
    return set(Membership.objects.filter(residence_id=residence_id).values_list("user_id", flat=True))
