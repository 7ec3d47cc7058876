import pytest
from django.urls import reverse

from accounts.models import User
from residences.models import (
    Contractor,
    ContractorSpecialty,
    DocumentType,
    Residence,
    ResidenceType,
    TaskCategory,
    TaskFrequency,
    TaskPriority,
)
from residences.tests.factories import ContractorFactory, ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    Residence,
    Contractor,
    ResidenceType,
    TaskCategory,
    TaskPriority,
    TaskFrequency,
    ContractorSpecialty,
    DocumentType,
]


@pytest.fixture
def staff_client(client):
    admin = User.objects.create_superuser(email="admin@example.com", password="x-very-long-password")
    client.force_login(admin)
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:residences_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_residences_model_has_a_working_changelist(staff_client, model):
    ResidenceFactory()
    ContractorFactory()
    response = staff_client.get(admin_url(model, "changelist"), {"q": "a"})
    assert response.status_code == 200


def test_residence_list_shows_owner_and_member_count(staff_client):
    residence = ResidenceFactory(name="Maple House")
    add_member(residence)
    owner = residence.memberships.get(role="owner").user
    content = staff_client.get(admin_url(Residence, "changelist")).content.decode()
    assert "Maple House" in content
    assert owner.email in content


def test_residence_change_page_shows_memberships_and_read_only_share_code(staff_client):
    residence = ResidenceFactory()
    response = staff_client.get(admin_url(Residence, "change", residence.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "memberships-TOTAL_FORMS" in content
    assert "share_code-TOTAL_FORMS" in content
    assert 'name="created_at"' not in content  # audit fields are read-only


def test_deleting_in_the_admin_goes_through_the_service(staff_client):
    residence = ResidenceFactory()
    response = staff_client.post(admin_url(Residence, "delete", residence.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Residence.objects.filter(pk=residence.pk).exists()


def test_editing_a_lookup_in_the_admin_refreshes_static_data(staff_client, api_client):
    old = api_client.get("/api/static_data/")["ETag"]
    house = ResidenceType.objects.get(key="house")
    response = staff_client.post(
        admin_url(ResidenceType, "change", house.pk), {"key": "house", "name": "Detached house", "sort_order": 0}
    )
    assert response.status_code == 302
    response = api_client.get("/api/static_data/", HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert any(item["name"] == "Detached house" for item in response.json()["residence_types"])


def test_removing_a_member_in_the_admin_goes_through_the_service(staff_client):
    from residences.models import Membership
    from residences.tests.factories import add_member

    residence = ResidenceFactory()
    membership = add_member(residence)
    owner = Membership.objects.get(residence=residence, role=Membership.Role.OWNER)
    response = staff_client.post(reverse("admin:residences_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    response = staff_client.post(reverse("admin:residences_membership_delete", args=[owner.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Membership.objects.filter(pk=owner.pk).exists()
