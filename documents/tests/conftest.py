import pytest

from accounts.tests.factories import UserFactory
from residences.tests.factories import ResidenceFactory, add_member


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def residence(owner, member):
    residence = ResidenceFactory(owner=owner)
    add_member(residence, member)
    return residence


@pytest.fixture
def clients(make_client, owner, member, outsider, api_client):
    """One API client per role in the authorization matrix."""
    return {
        "anonymous": api_client,
        "outsider": make_client(outsider),
        "member": make_client(member),
        "owner": make_client(owner),
    }
