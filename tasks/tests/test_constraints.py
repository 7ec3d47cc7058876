"""The database enforces the task invariants, whatever code path writes the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.tests.factories import UserFactory
from residences.tests.factories import ContractorFactory, ResidenceFactory, add_member
from tasks.models import Completion, Task
from tasks.tests.factories import TaskFactory, frequency

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def rejected(make):
    """The write fails at the latest when the (deferred) constraints are checked at commit."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()
        with transaction.get_connection().cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def accepted(make):
    with transaction.atomic():
        make()
        with transaction.get_connection().cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def completion(task, **fields):
    values = {
        "task": task,
        "residence_id": task.residence_id,
        "completed_at": NOW,
        "completed_on": NOW.date(),
        "task_before": {},
    }
    values.update(fields)
    return Completion.objects.create(**values)


@pytest.fixture
def task():
    return TaskFactory(frequency=frequency("weekly"))


@pytest.mark.parametrize("rating", [0, 6])
def test_rating_is_1_to_5(task, rating):
    rejected(lambda: completion(task, rating=rating))


@pytest.mark.parametrize("rating", [1, 5, None])
def test_ratings_in_range_are_fine(task, rating):
    accepted(lambda: completion(task, rating=rating))


def test_actual_cost_is_not_negative(task):
    rejected(lambda: completion(task, actual_cost=Decimal("-0.01")))
    accepted(lambda: completion(task, actual_cost=Decimal("0.00")))


def test_estimated_cost_is_not_negative():
    rejected(lambda: TaskFactory(estimated_cost=Decimal("-1")))


def test_title_is_not_blank():
    rejected(lambda: TaskFactory(title=""))


@pytest.mark.parametrize("days", [None, 0, 3651])
def test_custom_frequency_needs_an_interval_of_1_to_3650_days(days):
    rejected(lambda: TaskFactory(frequency=frequency("custom"), custom_interval_days=days))


@pytest.mark.parametrize("days", [1, 3650])
def test_custom_interval_bounds_are_inclusive(days):
    accepted(lambda: TaskFactory(frequency=frequency("custom"), custom_interval_days=days))


def test_a_custom_interval_only_goes_with_the_custom_frequency():
    rejected(lambda: TaskFactory(frequency=frequency("weekly"), custom_interval_days=7))


def test_completed_at_only_on_one_time_tasks():
    rejected(lambda: TaskFactory(frequency=frequency("weekly"), completed_at=NOW))
    accepted(lambda: TaskFactory(frequency=frequency("once"), completed_at=NOW))


def test_frequency_key_must_match_the_frequency():
    rejected(lambda: TaskFactory(frequency=frequency("weekly"), frequency_key="monthly"))


def test_task_contractor_is_from_the_same_residence():
    residence = ResidenceFactory()
    rejected(lambda: TaskFactory(residence=residence, contractor=ContractorFactory()))
    accepted(lambda: TaskFactory(residence=residence, contractor=ContractorFactory(residence=residence)))


def test_completion_is_in_its_tasks_residence(task):
    rejected(lambda: completion(task, residence_id=ResidenceFactory().pk))


def test_completion_contractor_is_from_the_same_residence(task):
    rejected(lambda: completion(task, contractor=ContractorFactory()))
    accepted(lambda: completion(task, contractor=ContractorFactory(residence=task.residence)))


def test_assignee_must_be_a_member():
    residence = ResidenceFactory()
    rejected(lambda: TaskFactory(residence=residence, assigned_to=UserFactory()))
    accepted(lambda: TaskFactory(residence=residence, assigned_to=add_member(residence).user))


def test_leaving_a_residence_unassigns_but_keeps_the_task():
    residence = ResidenceFactory()
    member = add_member(residence)
    kept = TaskFactory(residence=residence, assigned_to=member.user)
    member.delete()
    kept.refresh_from_db()
    assert kept.assigned_to_id is None
    assert kept.residence_id == residence.pk


def test_frequency_in_use_cannot_be_deleted(task):
    with pytest.raises(ProtectedError), transaction.atomic():
        frequency("weekly").delete()
    assert Task.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_tasks_migrations_are_reversible():
    from django.core.management import call_command

    call_command("migrate", "tasks", "zero", verbosity=0)
    call_command("migrate", verbosity=0)  # every app forward again, including those that depend on tasks
    rejected(lambda: TaskFactory(frequency=frequency("custom"), custom_interval_days=None))
