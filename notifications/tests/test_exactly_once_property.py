"""Property: whatever the time zone, date, DST transition, tick cadence, duplicate ticks or lost sweep records,
each scheduled kind reaches a user exactly once per local date on which a tick ran at or after the target hour."""

import zoneinfo
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.models import Kind, Notification, ReminderSweep
from notifications.tests.helpers import make_task
from residences.tests.factories import ResidenceFactory

ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})
KINDS = (Kind.TASK_REMINDER, Kind.OVERDUE_REMINDER, Kind.DAILY_DIGEST)
WINDOW = timedelta(hours=26)


def offset_changes(tz: zoneinfo.ZoneInfo, year: int) -> list[date]:
    """Local dates in `year` whose UTC offset differs from the day before (DST and other transitions)."""
    days, changes = date(year, 1, 1), []
    previous = datetime(year - 1, 12, 31, 12, tzinfo=tz).utcoffset()
    while days.year == year:
        offset = datetime(days.year, days.month, days.day, 12, tzinfo=tz).utcoffset()
        if offset != previous:
            changes.append(days)
        previous, days = offset, days + timedelta(days=1)
    return changes


@st.composite
def scenarios(draw):
    tz_name = draw(st.sampled_from(ZONES))
    tz = zoneinfo.ZoneInfo(tz_name)
    year = draw(st.integers(2021, 2029))
    changes = offset_changes(tz, year)
    if changes and draw(st.booleans()):
        # Start shortly before a transition so the window straddles it.
        day = draw(st.sampled_from(changes)) - timedelta(days=1)
    else:
        day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 24 * 60)))
    return {
        "tz": tz_name,
        "start": start,
        "cadence": timedelta(minutes=draw(st.sampled_from([5, 7, 10, 15, 20, 30, 45, 60]))),
        "hour": draw(st.integers(0, 23)),
        "duplicate_every": draw(st.integers(2, 9)),
        "lose_sweeps_every": draw(st.integers(3, 12)),
    }


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(scenario=scenarios())
def test_each_kind_is_sent_exactly_once_per_local_date(scenario, settings):
    settings.TASK_REMINDER_HOUR = settings.OVERDUE_REMINDER_HOUR = settings.DAILY_DIGEST_HOUR = scenario["hour"]
    tz = zoneinfo.ZoneInfo(scenario["tz"])
    with transaction.atomic():
        user = UserFactory(timezone=scenario["tz"])
        home = ResidenceFactory(owner=user)
        first_day = scenario["start"].astimezone(tz).date()
        make_task(home, due=first_day - timedelta(days=30), title="Long overdue")
        for offset in range(4):
            make_task(home, due=first_day + timedelta(days=offset), title=f"Due {offset}")

        ticks, now = [], scenario["start"]
        while now < scenario["start"] + WINDOW:
            ticks.append(now)
            now += scenario["cadence"]
        for i, tick in enumerate(ticks):
            services.reminder_tick(now=tick)
            if i % scenario["duplicate_every"] == 0:
                services.reminder_tick(now=tick)  # two beats, or a redelivered tick job
            if i % scenario["lose_sweeps_every"] == 0:
                ReminderSweep.objects.all().delete()  # a worker killed before recording its sweep

        eligible_dates = {t.astimezone(tz).date() for t in ticks if t.astimezone(tz).hour >= scenario["hour"]}
        for kind in KINDS:
            sent = Counter(Notification.objects.filter(user=user, kind=kind).values_list("local_date", flat=True))
            assert sent == Counter(eligible_dates), (kind, scenario)
        transaction.set_rollback(True)
