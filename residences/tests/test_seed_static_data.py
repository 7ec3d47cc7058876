import io

import pytest
from django.core.management import call_command

from residences.models import (
    ContractorSpecialty,
    DocumentType,
    ResidenceType,
    TaskCategory,
    TaskFrequency,
    TaskPriority,
)
from residences.static_data import seed_lists

pytestmark = pytest.mark.django_db

MODELS = [ResidenceType, TaskCategory, TaskPriority, TaskFrequency, ContractorSpecialty, DocumentType]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run() -> str:
    out = io.StringIO()
    call_command("seed_static_data", stdout=out)
    return out.getvalue()


def test_the_data_migration_seeded_every_list():
    assert counts() == {name: len(rows) for name, rows in seed_lists().items()}
    assert set(TaskFrequency.objects.values_list("key", flat=True)) == {
        "once",
        "daily",
        "weekly",
        "biweekly",
        "monthly",
        "quarterly",
        "semiannually",
        "annually",
        "custom",
    }


def test_seeding_twice_changes_nothing():
    before = counts()
    first, second = run(), run()
    assert counts() == before
    assert "0 created" in first and "0 created" in second


def test_seeding_restores_a_deleted_item_and_refreshes_a_renamed_one():
    DocumentType.objects.filter(key="receipt").delete()
    ResidenceType.objects.filter(key="condo").update(name="Flat-ish", sort_order=99)
    ids = dict(ResidenceType.objects.values_list("key", "id"))

    output = run()

    assert "DocumentType: 1 created" in output
    assert DocumentType.objects.filter(key="receipt").exists()
    condo = ResidenceType.objects.get(key="condo")
    assert (condo.name, condo.sort_order) == ("Condo", 2)
    assert dict(ResidenceType.objects.values_list("key", "id")) == ids, "ids stay stable for clients"


def test_items_added_by_staff_survive_seeding():
    ResidenceType.objects.create(key="houseboat", name="Houseboat", sort_order=50)
    run()
    assert ResidenceType.objects.filter(key="houseboat").exists()
