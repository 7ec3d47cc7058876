"""Completing a task with multipart photos: the photos belong to the completion, and a bad
photo records nothing."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.files import walk
from documents.models import Media
from documents.tests.samples import EXE, gps_of, image_bytes
from tasks.models import Completion
from tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _photo(name="p.jpg", data=None):
    return SimpleUploadedFile(name, data or image_bytes(gps=True), content_type="image/jpeg")


def test_photos_attach_to_the_completion_without_location(residence, member_client, django_capture_on_commit_callbacks):
    task = TaskFactory(residence=residence)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            f"/api/tasks/{task.pk}/complete/",
            {"notes": "filter swapped", "photos": [_photo("a.jpg"), _photo("b.jpg")]},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    completion = Completion.objects.get(task=task)
    photos = Media.objects.filter(completion=completion)
    assert photos.count() == 2
    assert set(walk("media")) == {name for p in photos for name in (p.file.name, p.thumbnail.name)}
    for photo in photos:
        assert photo.task_id == task.pk and photo.residence_id == residence.pk
        assert gps_of(default_storage.open(photo.file.name).read()) == {}


def test_a_rejected_photo_records_no_completion_and_leaves_no_file(residence, member_client):
    task = TaskFactory(residence=residence)
    before = set(walk("media"))
    response = member_client.post(
        f"/api/tasks/{task.pk}/complete/",
        {"photos": [_photo("good.jpg"), _photo("bad.jpg", EXE)]},
        format="multipart",
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert not Completion.objects.filter(task=task).exists()
    assert not Media.objects.exists()
    assert set(walk("media")) == before


def test_undoing_a_completion_removes_its_photo_files(residence, member_client, django_capture_on_commit_callbacks):
    task = TaskFactory(residence=residence)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/api/tasks/{task.pk}/complete/", {"photos": [_photo()]}, format="multipart")
    photo = Media.objects.get()
    names = [photo.file.name, photo.thumbnail.name]
    completion = Completion.objects.get(task=task)
    with django_capture_on_commit_callbacks(execute=True):
        assert member_client.delete(f"/api/completions/{completion.pk}/").status_code == 204
    assert not Media.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
