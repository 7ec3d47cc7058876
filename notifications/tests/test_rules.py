import gettext
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import translation

from notifications import content, rules
from notifications.models import Kind
from notifications.tests.helpers import at_local

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def test_before_the_hour_nothing_is_due():
    assert rules.due_local_date(at_local("Asia/Kolkata", 2026, 1, 5, 7, 59), "Asia/Kolkata", 8) is None


def test_at_or_after_the_hour_the_local_date_is_due():
    assert rules.due_local_date(at_local("Asia/Kolkata", 2026, 1, 5, 8, 0), "Asia/Kolkata", 8) == date(2026, 1, 5)
    assert rules.due_local_date(at_local("Asia/Kolkata", 2026, 1, 5, 23, 59), "Asia/Kolkata", 8) == date(2026, 1, 5)


def test_a_skipped_hour_is_due_at_the_first_instant_after_the_gap():
    # Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29.
    just_before = at_local("Europe/Berlin", 2026, 3, 29, 1, 59)
    assert rules.due_local_date(just_before, "Europe/Berlin", 2) is None
    assert rules.due_local_date(just_before + timedelta(minutes=1), "Europe/Berlin", 2) == date(2026, 3, 29)


def test_an_unknown_time_zone_is_never_due():
    assert rules.due_local_date(at_local("UTC", 2026, 1, 5, 12, 0), "Mars/Olympus_Mons", 8) is None


def test_backoff_doubles_and_is_capped():
    assert [rules.backoff_seconds(n, base=30, cap=600) for n in range(6)] == [30, 60, 120, 240, 480, 600]


@pytest.mark.parametrize("lang", ["es", "fr", "de", "pt"])
def test_every_notification_string_is_translated_and_compiled(lang):
    po = (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").read_text()
    assert not re.findall(r'msgstr(?:\[\d\])? ""\n(?!")', po), "untranslated entries"
    assert "#, fuzzy" not in po
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert catalog.gettext("Your daily honeyDue digest") != "Your daily honeyDue digest"


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "3 overdue tasks"),
        ("es", "3 tareas vencidas"),
        ("fr", "3 tâches en retard"),
        ("de", "3 überfällige Aufgaben"),
        ("pt", "3 tarefas atrasadas"),
    ],
)
def test_reminder_titles_follow_the_users_language(lang, title):
    items = [{"id": i, "title": f"T{i}", "residence_id": 1} for i in range(3)]
    assert content.render(Kind.OVERDUE_REMINDER, items, lang)[0] == title
    assert translation.get_language() in (None, "en", "en-us")  # override does not leak


def test_beat_runs_the_reminder_tick_every_few_minutes(settings):
    from honeydue.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovers notifications.tasks
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-reminder-tick"]
    assert entry["task"] in app.tasks
    # Often enough that every user's local hour is hit the same hour it starts.
    assert entry["schedule"] <= 15 * 60
