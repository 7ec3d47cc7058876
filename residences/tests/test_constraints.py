from datetime import timedelta

import pytest
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from residences.models import Contractor, Membership, Residence, ShareCode
from residences.tests.factories import ResidenceFactory, add_member

pytestmark = pytest.mark.django_db


def test_a_residence_cannot_have_a_second_owner():
    residence = ResidenceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(residence=residence, user=UserFactory(), role=Membership.Role.OWNER)


def test_a_user_cannot_belong_twice_to_one_residence():
    residence = ResidenceFactory()
    member = add_member(residence).user
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(residence=residence, user=member, role=Membership.Role.MEMBER)


def test_a_user_has_at_most_one_primary_residence():
    user = UserFactory()
    first, second = ResidenceFactory(), ResidenceFactory()
    Membership.objects.create(residence=first, user=user, is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(residence=second, user=user, is_primary=True)


@pytest.mark.parametrize("code", ["abcdef", "ABC12", "ABCDEFG", "ABC-EF", "ABCDE1", "ABCDE0"])
def test_share_codes_must_match_the_format(code):
    residence = ResidenceFactory()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        ShareCode.objects.create(residence=residence, code=code, expires_at=timezone.now() + timedelta(days=7))


def test_share_codes_are_unique():
    expires = timezone.now() + timedelta(days=7)
    ShareCode.objects.create(residence=ResidenceFactory(), code="ABCDEF", expires_at=expires)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareCode.objects.create(residence=ResidenceFactory(), code="ABCDEF", expires_at=expires)


def test_a_residence_has_one_share_code_row():
    residence = ResidenceFactory()
    expires = timezone.now() + timedelta(days=7)
    ShareCode.objects.create(residence=residence, code="ABCDEF", expires_at=expires)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShareCode.objects.create(residence=residence, code="GHJKMN", expires_at=expires)


@pytest.mark.parametrize("fields", [{"name": ""}, {"name": "Home", "year_built": 5}, {"name": "Home", "bathrooms": -1}])
def test_residence_checks_hold_in_the_database(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Residence.objects.create(**fields)


def test_contractor_name_cannot_be_blank():
    with pytest.raises(IntegrityError), transaction.atomic():
        Contractor.objects.create(residence=ResidenceFactory(), name="")
