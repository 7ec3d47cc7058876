import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from residences.tests.factories import ResidenceFactory, add_member
from tasks import rules


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def residence(owner):
    return ResidenceFactory(owner=owner)


@pytest.fixture
def member(residence):
    return add_member(residence).user


@pytest.fixture
def outsider(db):
    other = UserFactory()
    ResidenceFactory(owner=other)
    return other


@pytest.fixture
def owner_client(owner, make_client):
    return make_client(owner)


@pytest.fixture
def member_client(member, make_client):
    return make_client(member)


@pytest.fixture
def outsider_client(outsider, make_client):
    return make_client(outsider)


@pytest.fixture
def freeze_now(monkeypatch):
    """Pin django.utils.timezone.now (what User.local_today, auto_now and the services read) to an instant."""

    def freeze(instant: dt.datetime) -> dt.datetime:
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return instant

    return freeze


@pytest.fixture
def no_dedupe(monkeypatch):
    """Tests that complete one task several times in a row are not two phones racing."""
    monkeypatch.setattr(rules, "COMPLETION_DEDUPE_SECONDS", 0)
