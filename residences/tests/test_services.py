from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models
from django.utils import timezone

from accounts.tests.factories import UserFactory, make_pro
from honeydue.exceptions import InvalidInput, NotPermitted, UpgradeRequired
from residences import services
from residences.models import Contractor, Membership, Residence, ShareCode
from residences.tests.factories import ContractorFactory, ResidenceFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment_model():
    """A stand-in for another app's file-holding model that cascades from Residence.

    Created for this test only (table inside the test transaction, model unregistered after),
    so residence_delete is exercised against a real FileField without depending on the
    documents app.
    """

    class Attachment(models.Model):  # noqa: DJ008
        residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="+")
        file = models.FileField(upload_to="attachments/")
        thumbnail = models.FileField(upload_to="attachments/", blank=True)

        class Meta:
            app_label = "residences"

    with connection.schema_editor() as editor:
        editor.create_model(Attachment)
    yield Attachment
    del apps.all_models["residences"]["attachment"]
    apps.clear_cache()


def test_deleting_a_residence_removes_its_files_after_commit(attachment_model, django_capture_on_commit_callbacks):
    residence, other = ResidenceFactory(), ResidenceFactory()
    doomed = attachment_model(residence=residence)
    doomed.file.save("warranty.pdf", ContentFile(b"%PDF-1.4"), save=False)
    doomed.thumbnail.save("thumb.jpg", ContentFile(b"jpg"), save=False)
    doomed.save()
    kept = attachment_model(residence=other)
    kept.file.save("other.pdf", ContentFile(b"%PDF-1.4"))
    names = [doomed.file.name, doomed.thumbnail.name]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.residence_delete(residence=residence)
    assert all(default_storage.exists(name) for name in names), "nothing is removed before commit"

    for callback in callbacks:
        callback()
    assert not any(default_storage.exists(name) for name in names)
    assert default_storage.exists(kept.file.name)
    assert not attachment_model.objects.filter(pk=doomed.pk).exists()
    assert not Residence.objects.filter(pk=residence.pk).exists()


def test_deleting_a_residence_takes_members_contractors_and_codes_with_it():
    owner = UserFactory()
    make_pro(owner)
    residence = ResidenceFactory(owner=owner)
    add_member(residence)
    ContractorFactory(residence=residence)
    services.share_code_issue(residence=residence, user=owner)

    services.residence_delete(residence=residence)

    assert not Membership.objects.filter(residence_id=residence.pk).exists()
    assert not Contractor.objects.filter(residence_id=residence.pk).exists()
    assert not ShareCode.objects.filter(residence_id=residence.pk).exists()


def test_only_the_owner_may_delete_when_a_user_is_given():
    residence = ResidenceFactory()
    member = add_member(residence).user
    with pytest.raises(NotPermitted):
        services.residence_delete(residence=residence, user=member)
    assert Residence.objects.filter(pk=residence.pk).exists()


def test_create_enforces_the_owned_residence_limit():
    user = UserFactory()
    services.residence_create(user=user, data={"name": "One"})
    with pytest.raises(UpgradeRequired):
        services.residence_create(user=user, data={"name": "Two"})
    assert Residence.objects.count() == 1


def test_create_validates_without_a_serializer():
    user = UserFactory()
    with pytest.raises(InvalidInput) as excinfo:
        services.residence_create(user=user, data={"name": ""})
    assert excinfo.value.field == "name"
    with pytest.raises(InvalidInput):
        services.residence_create(user=user, data={"name": "Home", "year_built": 3})
    assert not Residence.objects.exists()


def test_share_code_issue_retries_on_a_collision(monkeypatch):
    owner = UserFactory()
    make_pro(owner)
    taken = ShareCode.objects.create(
        residence=ResidenceFactory(), code="ABCDEF", expires_at=timezone.now() + timedelta(days=1)
    )
    residence = ResidenceFactory(owner=owner)
    codes = iter(["ABCDEF", "ABCDEF", "GHJKMN"])
    monkeypatch.setattr(services, "generate_share_code", lambda: next(codes))

    share_code = services.share_code_issue(residence=residence, user=owner)

    assert share_code.code == "GHJKMN"
    taken.refresh_from_db()
    assert taken.residence_id != residence.pk


def test_generated_codes_fit_the_database_format():
    import re

    codes = {services.generate_share_code() for _ in range(500)}
    assert all(re.fullmatch(r"[A-Z2-9]{6}", code) for code in codes)
    assert len(codes) > 490, "random, not repeating"


def test_member_remove_of_a_non_member_raises_does_not_exist():
    residence = ResidenceFactory()
    owner = residence.memberships.get().user
    with pytest.raises(Membership.DoesNotExist):
        services.member_remove(residence=residence, actor=owner, user_id=UserFactory().pk)


def test_contractor_services_require_membership():
    residence = ResidenceFactory()
    outsider = UserFactory()
    with pytest.raises(NotPermitted):
        services.contractor_create(user=outsider, residence=residence, data={"name": "Pat"})
    contractor = ContractorFactory(residence=residence)
    with pytest.raises(NotPermitted):
        services.contractor_update(contractor=contractor, user=outsider, data={"name": "X"})
    with pytest.raises(NotPermitted):
        services.contractor_delete(contractor=contractor, user=outsider)
