import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from documents.models import Document, Media
from documents.tests import samples
from documents.tests.factories import make_document, make_media

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_document_list_shows_type_and_size_columns(staff_client, residence, owner):
    make_document(residence, owner, title="Boiler warranty")
    response = staff_client.get("/admin/documents/document/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Boiler warranty" in html
    assert "application/pdf" in html
    assert f"{len(samples.PDF)}\xa0bytes" in html


def test_photo_list_shows_an_admin_only_thumbnail_preview(staff_client, residence, owner):
    photo = make_media(residence, owner)
    response = staff_client.get("/admin/documents/media/")
    assert response.status_code == 200
    assert f'src="/admin/documents/media/{photo.pk}/thumbnail/"' in response.content.decode()
    thumbnail = staff_client.get(f"/admin/documents/media/{photo.pk}/thumbnail/")
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"


def test_change_pages_render(staff_client, residence, owner):
    document = make_document(residence, owner)
    photo = make_media(residence, owner)
    assert staff_client.get(f"/admin/documents/document/{document.pk}/change/").status_code == 200
    assert staff_client.get(f"/admin/documents/media/{photo.pk}/change/").status_code == 200
    file = staff_client.get(f"/admin/documents/document/{document.pk}/file/")
    assert b"".join(file.streaming_content) == samples.PDF


def test_file_views_need_the_admin_login(client, residence, owner):
    photo = make_media(residence, owner)
    response = client.get(f"/admin/documents/media/{photo.pk}/thumbnail/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_file_views_need_view_permission(client, residence, owner):
    document = make_document(residence, owner)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(f"/admin/documents/document/{document.pk}/file/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_document"))
    assert client.get(f"/admin/documents/document/{document.pk}/file/").status_code == 200


def test_deleting_in_the_admin_removes_the_files_after_commit(
    staff_client, residence, owner, django_capture_on_commit_callbacks
):
    document = make_document(residence, owner)
    photos = [make_media(residence, owner), make_media(residence, owner)]
    names = [document.file.name] + [n for p in photos for n in (p.file.name, p.thumbnail.name)]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/documents/document/{document.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        response = staff_client.post(
            "/admin/documents/media/",
            {"action": "delete_selected", "_selected_action": [p.pk for p in photos], "post": "yes"},
        )
        assert response.status_code == 302
    assert not Document.objects.exists()
    assert not Media.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
