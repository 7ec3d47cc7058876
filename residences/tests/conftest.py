import pytest
from django.apps import apps

from residences.models import ResidenceType
from residences.static_data import seed


@pytest.fixture(autouse=True)
def _static_data_present(request):
    """Lookups come from a data migration, and a transactional test's flush wipes them for
    whatever runs next on the same database (and for --reuse-db runs): put them back."""
    if request.node.get_closest_marker("django_db") is None:
        return
    if not ResidenceType.objects.exists():
        seed(lambda name: apps.get_model("residences", name))
