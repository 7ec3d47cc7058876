import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Media
from documents.tests import samples
from documents.tests.factories import make_completion, make_media, make_task
from residences.tests.factories import ResidenceFactory

pytestmark = pytest.mark.django_db

ROLE = ("role", "status")
READ = [("anonymous", 401), ("outsider", 404), ("member", 200), ("owner", 200)]
DELETE = [("anonymous", 401), ("outsider", 404), ("member", 204), ("owner", 204)]
CREATE = [("anonymous", 401), ("outsider", 404), ("member", 201), ("owner", 201)]

LIST = "/api/media/"


def detail(media) -> str:
    return f"/api/media/{media.pk}/"


def photo_body(residence, data=None, name="IMG_0001.jpg", content_type="image/jpeg", **fields):
    data = samples.image_bytes("JPEG") if data is None else data
    return {"residence_id": residence.pk, "file": SimpleUploadedFile(name, data, content_type=content_type), **fields}


@pytest.fixture
def photo(residence, owner):
    return make_media(residence, owner, caption="Kitchen")


class TestAuthorizationMatrix:
    @pytest.mark.parametrize(ROLE, READ)
    @pytest.mark.parametrize("suffix", ["", "download/", "thumbnail/"])
    def test_get_download_and_thumbnail(self, clients, photo, role, status, suffix):
        assert clients[role].get(detail(photo) + suffix).status_code == status

    @pytest.mark.parametrize(ROLE, DELETE)
    def test_delete(self, clients, photo, role, status):
        assert clients[role].delete(detail(photo)).status_code == status
        assert Media.objects.filter(pk=photo.pk).exists() == (status != 204)

    @pytest.mark.parametrize(ROLE, CREATE)
    def test_upload_into_the_residence(self, clients, residence, role, status):
        response = clients[role].post(LIST, photo_body(residence), format="multipart")
        assert response.status_code == status
        assert Media.objects.filter(residence=residence).count() == (1 if status == 201 else 0)

    @pytest.mark.parametrize(("role", "count"), [("outsider", 0), ("member", 1), ("owner", 1)])
    def test_list_shows_only_my_residences(self, clients, photo, role, count):
        assert clients[role].get(LIST).json()["count"] == count

    def test_list_needs_a_token(self, clients):
        assert clients["anonymous"].get(LIST).status_code == 401

    def test_patch_is_not_offered(self, clients, photo):
        assert clients["owner"].patch(detail(photo), {"caption": "x"}, format="multipart").status_code == 405


class TestUpload:
    def test_it_returns_the_photo(self, clients, residence):
        task = make_task(residence)
        completion = make_completion(task)
        data = samples.image_bytes("JPEG", size=(120, 90), gps=True)
        body = photo_body(residence, data, completion_id=completion.pk, caption="Done")
        response = clients["member"].post(LIST, body, format="multipart")
        assert response.status_code == 201, response.json()
        media = Media.objects.get()
        assert response.json() == {
            "id": media.pk,
            "residence_id": residence.pk,
            "task_id": task.pk,
            "completion_id": completion.pk,
            "caption": "Done",
            "content_type": "image/jpeg",
            "size_bytes": media.size_bytes,
            "width": 120,
            "height": 90,
            "created_at": response.json()["created_at"],
            "download_url": f"http://testserver/api/media/{media.pk}/download/",
            "thumbnail_url": f"http://testserver/api/media/{media.pk}/thumbnail/",
        }

    def test_the_downloaded_photo_has_no_location(self, clients, residence):
        body = photo_body(residence, samples.image_bytes("JPEG", gps=True))
        media_id = clients["owner"].post(LIST, body, format="multipart").json()["id"]
        response = clients["owner"].get(f"/api/media/{media_id}/download/")
        data = b"".join(response.streaming_content)
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"].startswith("inline;")
        assert samples.gps_of(data) == {}

    def test_heic_is_accepted(self, clients, residence):
        body = photo_body(residence, samples.image_bytes("HEIF"), name="IMG_0002.HEIC", content_type="image/heic")
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 201
        assert response.json()["content_type"] == "image/jpeg"

    def test_a_pdf_renamed_jpg_is_refused_with_415(self, clients, residence):
        response = clients["owner"].post(LIST, photo_body(residence, samples.PDF, name="photo.jpg"), format="multipart")
        assert response.status_code == 415
        assert response.json()["error"]["code"] == "unsupported_media_type"

    def test_an_executable_renamed_jpg_is_refused_with_415(self, clients, residence):
        response = clients["owner"].post(LIST, photo_body(residence, samples.EXE), format="multipart")
        assert response.status_code == 415

    def test_a_photo_over_the_photo_limit_is_413(self, clients, residence, settings):
        settings.PHOTO_MAX_BYTES = 10 * 1024
        data = samples.image_bytes("PNG", size=(400, 400)) + b"\x00" * (64 * 1024)
        response = clients["owner"].post(LIST, photo_body(residence, data, name="big.png"), format="multipart")
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "request_too_large"
        assert not Media.objects.exists()

    def test_a_task_of_another_residence_is_400(self, clients, residence, owner):
        other_task = make_task(ResidenceFactory(owner=owner))
        response = clients["owner"].post(LIST, photo_body(residence, task_id=other_task.pk), format="multipart")
        assert response.status_code == 400
        assert "task_id" in response.json()["error"]["fields"]

    def test_a_completion_of_another_residence_is_400(self, clients, residence, owner):
        completion = make_completion(make_task(ResidenceFactory(owner=owner)))
        response = clients["owner"].post(LIST, photo_body(residence, completion_id=completion.pk), format="multipart")
        assert response.status_code == 400
        assert "completion_id" in response.json()["error"]["fields"]

    def test_a_completion_of_another_task_is_400(self, clients, residence):
        completion = make_completion(make_task(residence))
        body = photo_body(residence, task_id=make_task(residence).pk, completion_id=completion.pk)
        response = clients["owner"].post(LIST, body, format="multipart")
        assert response.status_code == 400


class TestFiltersAndFiles:
    def test_filters_by_residence_task_and_completion(self, clients, residence, owner):
        task = make_task(residence)
        completion = make_completion(task)
        a = make_media(residence, owner)
        b = make_media(residence, owner, task=task)
        c = make_media(residence, owner, completion=completion)
        d = make_media(ResidenceFactory(owner=owner), owner)

        def ids(**params):
            return {item["id"] for item in clients["owner"].get(LIST, params).json()["results"]}

        assert ids() == {a.pk, b.pk, c.pk, d.pk}
        assert ids(residence=residence.pk) == {a.pk, b.pk, c.pk}
        assert ids(task=task.pk) == {b.pk, c.pk}
        assert ids(completion=completion.pk) == {c.pk}

    def test_thumbnail_is_a_small_image(self, clients, residence, owner):
        photo = make_media(residence, owner, data=samples.image_bytes("JPEG", size=(1600, 1200)))
        response = clients["member"].get(detail(photo) + "thumbnail/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert samples.size_of(b"".join(response.streaming_content)) == (400, 300)

    def test_download_supports_ranges(self, clients, photo):
        response = clients["owner"].get(detail(photo) + "download/", HTTP_RANGE="bytes=0-2")
        assert response.status_code == 206
        assert b"".join(response.streaming_content) == b"\xff\xd8\xff"

    def test_delete_removes_photo_and_thumbnail_after_commit(self, clients, photo, django_capture_on_commit_callbacks):
        names = [photo.file.name, photo.thumbnail.name]
        with django_capture_on_commit_callbacks(execute=True):
            assert clients["member"].delete(detail(photo)).status_code == 204
        assert not any(default_storage.exists(name) for name in names)


def test_an_upload_without_content_length_is_411(clients, residence):
    response = clients["owner"].post(LIST, photo_body(residence), format="multipart", CONTENT_LENGTH="")
    assert response.status_code == 411
