"""What each notification says, in the recipient's language."""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.models import Kind

MAX_LISTED = 5


def _listed(items: list[dict]) -> str:
    titles = [item["title"] for item in items[:MAX_LISTED]]
    more = len(items) - len(titles)
    text = ", ".join(titles)
    if more > 0:
        text += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
    return text


def render(kind: str, content, locale: str) -> tuple[str, str]:
    """(title, body) for a scheduled kind's content, translated into `locale`."""
    with translation.override(locale or "en"):
        if kind == Kind.TASK_REMINDER:
            n = len(content)
            title = ngettext("%(count)d task due soon", "%(count)d tasks due soon", n) % {"count": n}
            return title, _("Due today or tomorrow: %(tasks)s") % {"tasks": _listed(content)}
        if kind == Kind.OVERDUE_REMINDER:
            n = len(content)
            title = ngettext("%(count)d overdue task", "%(count)d overdue tasks", n) % {"count": n}
            return title, _("Still waiting: %(tasks)s") % {"tasks": _listed(content)}
        if kind == Kind.DAILY_DIGEST:
            body = _("%(overdue)d overdue, %(due_soon)d due soon, %(completed)d completed yesterday") % {
                "overdue": content["overdue"],
                "due_soon": content["due_soon"],
                "completed": content["completed_yesterday"],
            }
            return _("Your daily honeyDue digest"), body
        if kind == Kind.WARRANTY_REMINDER:
            n = len(content)
            title = ngettext("%(count)d warranty expiring", "%(count)d warranties expiring", n) % {"count": n}
            body = "; ".join(
                ngettext("%(title)s expires in %(days)d day", "%(title)s expires in %(days)d days", d["days_left"])
                % {"title": d["title"], "days": d["days_left"]}
                for d in content[:MAX_LISTED]
            )
            return title, body
        if kind == Kind.TEST:
            return _("Test notification"), _("If you can read this, honeyDue notifications reach you.")
    raise ValueError(f"no content for kind {kind!r}")


def data_for(kind: str, content, local_date: date | None) -> dict:
    data: dict = {"kind": kind}
    if local_date:
        data["local_date"] = local_date.isoformat()
    if kind in (Kind.TASK_REMINDER, Kind.OVERDUE_REMINDER):
        data["task_ids"] = [item["id"] for item in content]
    elif kind == Kind.WARRANTY_REMINDER:
        data["document_ids"] = [item["id"] for item in content]
    elif kind == Kind.DAILY_DIGEST:
        data.update(content)
    return data


def residence_for(kind: str, content) -> int | None:
    """The residence a notification is about, when all its items share one."""
    if isinstance(content, list):
        residences = {item["residence_id"] for item in content}
        if len(residences) == 1:
            return residences.pop()
    return None
