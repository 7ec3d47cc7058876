"""Admin smoke test: the task pages render for staff with their completions, filters and search."""

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from tasks.models import Completion
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_():
    staff = User.objects.create_superuser("staff@example.com", "pw-admin-123")
    client = Client()
    client.force_login(staff)
    return client


def test_task_changelist_filters_and_searches(admin_client_, residence):
    TaskFactory(residence=residence, title="Replace HVAC filter")
    TaskFactory(residence=residence, title="Paint fence", is_archived=True)
    for query in ("", "?q=hvac", "?state=archived", "?state=active", f"?residence__id__exact={residence.pk}"):
        response = admin_client_.get(f"/admin/tasks/task/{query}")
        assert response.status_code == 200, query
    assert b"Replace HVAC filter" in admin_client_.get("/admin/tasks/task/?q=hvac").content
    assert b"Replace HVAC filter" not in admin_client_.get("/admin/tasks/task/?state=archived").content
    assert b"Paint fence" in admin_client_.get("/admin/tasks/task/?state=archived").content


def test_task_change_page_shows_its_completions_inline(admin_client_, residence, owner):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"))
    Completion.objects.create(
        task=task,
        residence=residence,
        completed_by=owner,
        completed_at=dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC),
        completed_on=dt.date(2026, 3, 4),
        notes="Swapped the filter, all good",
        task_before={},
    )
    response = admin_client_.get(f"/admin/tasks/task/{task.pk}/change/")
    assert response.status_code == 200
    assert b"Swapped the filter, all good" in response.content
    assert admin_client_.get("/admin/tasks/completion/").status_code == 200


def test_admin_edit_keeps_frequency_key_in_step_and_explains_bad_input(admin_client_, residence):
    task = TaskFactory(residence=residence, frequency=frequency("weekly"))
    form = {
        "title": task.title,
        "description": "",
        "frequency": frequency("monthly").pk,
        "recurrence_anchor": "completion",
        "completions-TOTAL_FORMS": "0",
        "completions-INITIAL_FORMS": "0",
        "completions-MIN_NUM_FORMS": "0",
        "completions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client_.post(f"/admin/tasks/task/{task.pk}/change/", form)
    assert response.status_code == 302, re.findall(rb"errorlist.{0,300}", response.content)
    task.refresh_from_db()
    assert task.frequency_key == "monthly"

    form["frequency"] = frequency("custom").pk
    response = admin_client_.post(f"/admin/tasks/task/{task.pk}/change/", form)
    assert response.status_code == 200
    assert b"A custom frequency needs 1 to 3650 days." in response.content
    task.refresh_from_db()
    assert task.frequency_key == "monthly"
