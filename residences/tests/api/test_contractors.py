import pytest

from accounts.tests.factories import UserFactory
from residences.models import Contractor, ContractorSpecialty
from residences.tests.factories import ContractorFactory, ResidenceFactory, add_member

pytestmark = pytest.mark.django_db

LIST = "/api/contractors/"


def detail(contractor) -> str:
    return f"/api/contractors/{contractor.pk}/"


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def residence(owner):
    return ResidenceFactory(owner=owner)


@pytest.fixture
def member(residence):
    return add_member(residence).user


@pytest.fixture
def contractor(residence):
    return ContractorFactory(residence=residence, name="Pat Plumber")


@pytest.fixture
def plumber():
    return ContractorSpecialty.objects.get(key="plumber")


# --- list -----------------------------------------------------------------------------------


def test_anonymous_cannot_list_contractors(api_client):
    assert api_client.get(LIST).status_code == 401


def test_outsider_sees_none_of_them(make_client, contractor):
    body = make_client(UserFactory()).get(LIST).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_member_lists_contractors_of_their_residences(make_client, residence, member, contractor):
    ContractorFactory()  # elsewhere
    body = make_client(member).get(LIST).json()
    assert [item["id"] for item in body["results"]] == [contractor.pk]
    assert set(body["results"][0]) == {
        "id",
        "residence_id",
        "name",
        "company",
        "phone",
        "email",
        "website",
        "specialty_ids",
        "notes",
        "is_favorite",
        "created_at",
    }


def test_list_filters_by_residence(make_client, owner, residence, contractor):
    other_home = ResidenceFactory()
    add_member(other_home, owner)
    elsewhere = ContractorFactory(residence=other_home)
    client = make_client(owner)
    assert [c["id"] for c in client.get(LIST, {"residence": residence.pk}).json()["results"]] == [contractor.pk]
    assert [c["id"] for c in client.get(LIST, {"residence": other_home.pk}).json()["results"]] == [elsewhere.pk]


def test_filtering_by_someone_elses_residence_shows_nothing(make_client, contractor):
    foreign = ContractorFactory()
    body = make_client(contractor.residence.memberships.get().user).get(LIST, {"residence": foreign.residence_id})
    assert body.json()["count"] == 0


def test_bad_residence_filter_is_400(make_client, owner):
    response = make_client(owner).get(LIST, {"residence": "abc"})
    assert response.status_code == 400
    assert "residence" in response.json()["error"]["fields"]


def test_favorites_come_first(make_client, owner, residence):
    ContractorFactory(residence=residence, name="Aaron")
    ContractorFactory(residence=residence, name="Zed", is_favorite=True)
    names = [c["name"] for c in make_client(owner).get(LIST).json()["results"]]
    assert names == ["Zed", "Aaron"]


# --- create ---------------------------------------------------------------------------------


def test_anonymous_cannot_create_a_contractor(api_client, residence):
    assert api_client.post(LIST, {"residence_id": residence.pk, "name": "X"}).status_code == 401


def test_member_adds_a_contractor(make_client, residence, member, plumber):
    response = make_client(member).post(
        LIST,
        {
            "residence_id": residence.pk,
            "name": "Pat",
            "company": "Pipes Inc",
            "phone": "+1 555 0100",
            "email": "pat@example.com",
            "website": "https://pipes.example.com",
            "specialty_ids": [plumber.pk],
            "is_favorite": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["residence_id"] == residence.pk
    assert body["specialty_ids"] == [plumber.pk]
    contractor = Contractor.objects.get(pk=body["id"])
    assert contractor.created_by == member
    assert list(contractor.specialties.all()) == [plumber]


def test_owner_adds_a_contractor(make_client, owner, residence):
    assert make_client(owner).post(LIST, {"residence_id": residence.pk, "name": "Pat"}).status_code == 201


def test_creating_into_someone_elses_residence_reads_as_nonexistent(make_client, residence):
    outsider = make_client(UserFactory())
    foreign = outsider.post(LIST, {"residence_id": residence.pk, "name": "Sneaky"})
    missing = outsider.post(LIST, {"residence_id": 99999999, "name": "Sneaky"})
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["error"]["fields"]["residence_id"] == missing.json()["error"]["fields"]["residence_id"]
    assert not Contractor.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Pat"}, "residence_id"),
        ({"name": ""}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "Pat", "email": "not-an-email"}, "email"),
        ({"name": "Pat", "website": "nope"}, "website"),
        ({"name": "Pat", "specialty_ids": [999999]}, "specialty_ids"),
    ],
)
def test_create_validates_input(make_client, owner, residence, payload, field):
    payload = {"residence_id": residence.pk, **payload} if field != "residence_id" else payload
    response = make_client(owner).post(LIST, payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert field in response.json()["error"]["fields"]
    assert not Contractor.objects.exists()


# --- retrieve / update / delete ---------------------------------------------------------------


def test_anonymous_cannot_read_change_or_delete_a_contractor(api_client, contractor):
    assert api_client.get(detail(contractor)).status_code == 401
    assert api_client.patch(detail(contractor), {"name": "X"}).status_code == 401
    assert api_client.delete(detail(contractor)).status_code == 401
    assert Contractor.objects.get(pk=contractor.pk).name == "Pat Plumber"


def test_outsider_gets_404_for_a_contractor(make_client, contractor):
    client = make_client(UserFactory())
    assert client.get(detail(contractor)).status_code == 404
    assert client.patch(detail(contractor), {"name": "Hacked"}).status_code == 404
    assert client.delete(detail(contractor)).status_code == 404
    contractor.refresh_from_db()
    assert contractor.name == "Pat Plumber"


def test_member_reads_a_contractor(make_client, member, contractor):
    assert make_client(member).get(detail(contractor)).json()["name"] == "Pat Plumber"


def test_member_updates_a_contractor(make_client, member, contractor, plumber):
    response = make_client(member).patch(detail(contractor), {"phone": "555", "specialty_ids": [plumber.pk]})
    assert response.status_code == 200
    assert response.json()["phone"] == "555"
    assert response.json()["specialty_ids"] == [plumber.pk]


def test_owner_updates_a_contractor(make_client, owner, contractor):
    assert make_client(owner).patch(detail(contractor), {"is_favorite": True}).json()["is_favorite"] is True


def test_residence_cannot_be_changed(make_client, owner, residence, contractor):
    other_home = ResidenceFactory()
    add_member(other_home, owner)
    client = make_client(owner)
    response = client.patch(detail(contractor), {"residence_id": other_home.pk})
    assert response.status_code == 400
    assert "residence_id" in response.json()["error"]["fields"]
    assert client.patch(detail(contractor), {"residence_id": residence.pk, "name": "Same"}).status_code == 200
    contractor.refresh_from_db()
    assert contractor.residence_id == residence.pk


def test_update_validates_input(make_client, owner, contractor):
    response = make_client(owner).patch(detail(contractor), {"email": "bad"})
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]


def test_member_deletes_a_contractor(make_client, member, contractor):
    assert make_client(member).delete(detail(contractor)).status_code == 204
    assert not Contractor.objects.filter(pk=contractor.pk).exists()


def test_owner_deletes_a_contractor(make_client, owner, contractor):
    assert make_client(owner).delete(detail(contractor)).status_code == 204


def test_former_member_loses_access(make_client, residence, member, contractor):
    residence.memberships.filter(user=member).delete()
    assert make_client(member).get(detail(contractor)).status_code == 404
