import datetime as dt
import io

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from accounts.tests.factories import make_pro
from documents import files, services
from documents.models import Document, Media
from documents.tests import samples
from documents.tests.factories import make_completion, make_document, make_media, make_task, upload
from honeydue.cascade_files import delete_cascaded_files_on_commit
from honeydue.exceptions import InvalidInput, NotPermitted, TooLarge, UnsupportedMediaType, UpgradeRequired
from notifications.events import residence_group
from residences.tests.factories import ResidenceFactory

pytestmark = pytest.mark.django_db


def stored(name: str) -> bool:
    return default_storage.exists(name)


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as f:
        return f.read()


class TestDocumentCreate:
    def test_it_stores_the_bytes_under_a_random_name_and_keeps_the_sanitized_original_name(self, residence, owner):
        document = make_document(residence, owner, name="../Dish washer manual.pdf")
        assert document.file.name.startswith("documents/")
        assert "Dish" not in document.file.name
        assert len(document.file.name.rsplit("/", 1)[-1]) == 32 + len(".pdf")
        assert document.file_name == "Dish washer manual.pdf"
        assert document.content_type == "application/pdf"
        assert document.size_bytes == len(samples.PDF)
        assert read(document.file.name) == samples.PDF

    def test_two_uploads_never_share_a_stored_name(self, residence, owner):
        assert make_document(residence, owner).file.name != make_document(residence, owner).file.name

    def test_the_type_comes_from_the_bytes_not_the_name(self, residence, owner):
        document = make_document(residence, owner, name="scan.jpg")
        assert document.content_type == "application/pdf"
        assert document.file_name == "scan.jpg.pdf"

    def test_an_executable_called_pdf_is_refused_and_nothing_is_stored(self, residence, owner):
        with pytest.raises(UnsupportedMediaType):
            make_document(residence, owner, data=samples.EXE, name="invoice.pdf")
        assert not Document.objects.exists()
        assert list(files.walk("documents")) == []

    def test_a_file_over_the_limit_is_refused(self, residence, owner, settings):
        settings.DOCUMENT_MAX_BYTES = len(samples.PDF) - 1
        with pytest.raises(TooLarge):
            make_document(residence, owner)

    def test_a_task_of_another_residence_is_refused(self, residence, owner):
        other = ResidenceFactory(owner=owner)
        with pytest.raises(InvalidInput):
            make_document(residence, owner, task=make_task(other))

    def test_a_non_member_cannot_upload(self, residence, outsider):
        with pytest.raises(NotPermitted):
            make_document(residence, outsider)


class TestNoOrphans:
    def test_a_rolled_back_upload_leaves_no_file(self, residence, owner):
        with pytest.raises(RuntimeError), files.atomic_with_files():
            document = make_document(residence, owner)
            photo = make_media(residence, owner)
            names = [document.file.name, photo.file.name, photo.thumbnail.name]
            assert all(stored(name) for name in names)
            raise RuntimeError("the caller failed after the upload")
        assert not any(stored(name) for name in names)
        assert not Document.objects.exists()
        assert not Media.objects.exists()

    def test_an_upload_refused_by_the_database_leaves_no_file(self, residence, owner):
        with pytest.raises(IntegrityError), files.atomic_with_files():
            document = make_document(residence, owner)
            name = document.file.name
            Document.objects.filter(pk=document.pk).update(title="")  # violates document_title_not_blank
        assert not stored(name)

    def test_deleting_a_document_removes_its_file_after_the_commit(
        self, residence, owner, django_capture_on_commit_callbacks
    ):
        document = make_document(residence, owner)
        name = document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            services.document_delete(document=document, user=owner)
            assert stored(name), "deleted before the commit"
        assert not stored(name)

    def test_a_rolled_back_delete_keeps_the_file(self, residence, owner, django_capture_on_commit_callbacks):
        document = make_document(residence, owner)
        pk, name = document.pk, document.file.name
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            services.document_delete(document=document, user=owner)
            raise RuntimeError
        assert callbacks == []
        assert stored(name)
        assert Document.objects.filter(pk=pk).exists()

    def test_deleting_a_photo_removes_the_photo_and_its_thumbnail(
        self, residence, owner, django_capture_on_commit_callbacks
    ):
        photo = make_media(residence, owner)
        with django_capture_on_commit_callbacks(execute=True):
            services.media_delete(media=photo, user=owner)
        assert not stored(photo.file.name)
        assert not stored(photo.thumbnail.name)

    def test_deleting_a_residence_removes_all_its_files(self, residence, owner, django_capture_on_commit_callbacks):
        task = make_task(residence)
        names = [
            make_document(residence, owner).file.name,
            make_document(residence, owner, task=task).file.name,
        ]
        photo = make_media(residence, owner, completion=make_completion(task))
        names += [photo.file.name, photo.thumbnail.name]
        elsewhere = make_document(ResidenceFactory(owner=owner), owner).file.name
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            assert sorted(delete_cascaded_files_on_commit(residence)) == sorted(names)
            residence.delete()
        assert not any(stored(name) for name in names)
        assert stored(elsewhere)

    def test_deleting_a_completion_removes_its_photos_only(self, residence, owner, django_capture_on_commit_callbacks):
        task = make_task(residence)
        completion = make_completion(task)
        of_completion = make_media(residence, owner, completion=completion)
        of_task = make_media(residence, owner, task=task)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            delete_cascaded_files_on_commit(completion)
            completion.delete()
        assert not Media.objects.filter(pk=of_completion.pk).exists()
        assert not stored(of_completion.file.name)
        assert not stored(of_completion.thumbnail.name)
        assert stored(of_task.file.name)

    def test_deleting_a_task_unlinks_its_documents_and_removes_its_photos(
        self, residence, owner, django_capture_on_commit_callbacks
    ):
        task = make_task(residence)
        document = make_document(residence, owner, task=task)
        photo = make_media(residence, owner, task=task)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            delete_cascaded_files_on_commit(task)
            task.delete()
        document.refresh_from_db()
        assert document.task_id is None
        assert stored(document.file.name)
        assert not stored(photo.file.name)

    def test_purge_orphan_files_dry_run_lists_orphans_and_deletes_nothing(self, residence, owner):
        kept = make_document(residence, owner)
        photo = make_media(residence, owner)
        orphan = default_storage.save("documents/leftover.pdf", io.BytesIO(samples.PDF))
        orphan_thumb = default_storage.save("media/thumbnails/leftover.jpg", io.BytesIO(b"x"))
        out = io.StringIO()
        call_command("purge_orphan_files", "--dry-run", "--min-age-minutes=0", stdout=out)
        lines = out.getvalue().splitlines()
        assert sorted(lines[:-1]) == sorted([orphan, orphan_thumb])
        assert "2 orphan file(s) found" in lines[-1]
        assert stored(orphan)
        assert stored(orphan_thumb)

        call_command("purge_orphan_files", "--min-age-minutes=0", stdout=io.StringIO())
        assert not stored(orphan)
        assert not stored(orphan_thumb)
        assert all(stored(n) for n in (kept.file.name, photo.file.name, photo.thumbnail.name))

    def test_purge_orphan_files_leaves_young_files_alone(self, residence, owner):
        orphan = default_storage.save("documents/in-flight.pdf", io.BytesIO(samples.PDF))
        out = io.StringIO()
        call_command("purge_orphan_files", stdout=out)
        assert "0 orphan file(s) deleted" in out.getvalue()
        assert stored(orphan)


class TestPlanLimit:
    def test_a_free_owners_residence_stops_at_the_document_limit(self, residence, owner, member, settings):
        settings.FREE_MAX_DOCUMENTS = 2
        make_document(residence, owner)
        make_document(residence, member)
        with pytest.raises(UpgradeRequired):
            make_document(residence, member)
        assert Document.objects.filter(residence=residence).count() == 2
        assert len(list(files.walk("documents"))) == 2

    def test_the_limit_follows_the_owners_plan_not_the_uploaders(self, residence, owner, member, settings):
        settings.FREE_MAX_DOCUMENTS = 1
        make_pro(member)
        make_document(residence, owner)
        with pytest.raises(UpgradeRequired):
            make_document(residence, member)
        make_pro(owner)
        make_document(residence, member)

    def test_the_limit_counts_per_residence(self, owner, settings):
        settings.FREE_MAX_DOCUMENTS = 1
        first, second = ResidenceFactory(owner=owner), ResidenceFactory(owner=owner)
        make_document(first, owner)
        make_document(second, owner)


class TestPhotos:
    def test_gps_and_all_other_exif_are_dropped(self, residence, owner):
        original = samples.image_bytes("JPEG", gps=True)
        assert samples.gps_of(original), "the sample must carry a location"
        photo = make_media(residence, owner, data=original)
        data = read(photo.file.name)
        assert samples.gps_of(data) == {}
        assert samples.exif_of(data) == {}
        assert samples.exif_of(read(photo.thumbnail.name)) == {}

    def test_orientation_is_applied_to_the_pixels(self, residence, owner):
        photo = make_media(residence, owner, data=samples.image_bytes("JPEG", size=(64, 32), orientation=6))
        assert (photo.width, photo.height) == (32, 64)
        assert samples.size_of(read(photo.file.name)) == (32, 64)

    def test_a_thumbnail_fits_the_configured_box(self, residence, owner, settings):
        settings.PHOTO_THUMBNAIL_PX = 400
        photo = make_media(residence, owner, data=samples.image_bytes("PNG", size=(1000, 500)))
        assert samples.size_of(read(photo.thumbnail.name)) == (400, 200)
        assert photo.thumbnail_size_bytes == default_storage.size(photo.thumbnail.name)
        assert (photo.width, photo.height) == (1000, 500)

    def test_heic_is_accepted_and_stored_as_jpeg(self, residence, owner):
        photo = make_media(residence, owner, data=samples.image_bytes("HEIF", size=(80, 60)))
        assert photo.content_type == "image/jpeg"
        assert read(photo.file.name)[:3] == b"\xff\xd8\xff"
        assert (photo.width, photo.height) == (80, 60)

    @pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
    def test_png_and_webp_keep_their_format(self, residence, owner, fmt):
        photo = make_media(residence, owner, data=samples.image_bytes(fmt))
        assert photo.content_type == f"image/{fmt.lower()}"

    @pytest.mark.parametrize("data", [samples.PDF, samples.TEXT, samples.EXE])
    def test_non_photos_are_refused(self, residence, owner, data):
        with pytest.raises(UnsupportedMediaType):
            make_media(residence, owner, data=data)
        assert list(files.walk("media")) == []

    def test_bytes_that_look_like_jpeg_but_do_not_decode_are_refused(self, residence, owner):
        with pytest.raises(UnsupportedMediaType):
            make_media(residence, owner, data=b"\xff\xd8\xff\xe0" + b"\x00" * 100)

    def test_a_completion_photo_is_also_a_photo_of_its_task(self, residence, owner):
        task = make_task(residence)
        completion = make_completion(task)
        photo = make_media(residence, owner, completion=completion)
        assert (photo.task_id, photo.completion_id) == (task.pk, completion.pk)

    def test_a_completion_of_another_task_is_refused(self, residence, owner):
        completion = make_completion(make_task(residence))
        with pytest.raises(InvalidInput):
            make_media(residence, owner, task=make_task(residence), completion=completion)

    def test_media_create_is_what_the_complete_endpoint_calls(self, residence, member):
        completion = make_completion(make_task(residence))
        photo = services.media_create(
            residence=residence,
            user=member,
            upload=upload(samples.image_bytes("JPEG"), "IMG_0001.jpg", "image/jpeg"),
            completion=completion,
            caption="New filter",
        )
        assert photo.caption == "New filter"


class TestDatabaseInvariants:
    """The composite foreign keys refuse cross-residence links whatever code path writes them."""

    def _check_now(self):
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_a_document_cannot_point_at_another_residences_task(self, residence, owner):
        document = make_document(residence, owner)
        other_task = make_task(ResidenceFactory(owner=owner))
        with pytest.raises(IntegrityError), transaction.atomic():
            Document.objects.filter(pk=document.pk).update(task=other_task)
            self._check_now()

    def test_a_photo_cannot_point_at_another_tasks_completion(self, residence, owner):
        photo = make_media(residence, owner, task=make_task(residence))
        completion = make_completion(make_task(residence))
        with pytest.raises(IntegrityError), transaction.atomic():
            Media.objects.filter(pk=photo.pk).update(completion=completion)
            self._check_now()

    def test_a_photo_of_a_completion_must_name_the_task(self, residence, owner):
        photo = make_media(residence, owner, completion=make_completion(make_task(residence)))
        with pytest.raises(IntegrityError), transaction.atomic():
            Media.objects.filter(pk=photo.pk).update(task=None)


class TestEvents:
    @pytest.fixture
    def listen(self, settings):
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

        def subscribe(residence_id):
            layer = get_channel_layer()
            channel = async_to_sync(layer.new_channel)()
            async_to_sync(layer.group_add)(residence_group(residence_id), channel)
            return lambda: async_to_sync(layer.receive)(channel)

        return subscribe

    def test_document_created_and_deleted_are_published_after_commit(
        self, residence, owner, listen, django_capture_on_commit_callbacks
    ):
        receive = listen(residence.pk)
        with django_capture_on_commit_callbacks(execute=True):
            document = make_document(residence, owner, expires_on=dt.date(2030, 1, 2))
        event = receive()["event"]
        assert event["type"] == "document.created"
        assert event["residence_id"] == residence.pk
        assert event["data"]["id"] == document.pk
        assert event["data"]["expires_on"] == "2030-01-02"
        pk = document.pk
        with django_capture_on_commit_callbacks(execute=True):
            services.document_delete(document=document, user=owner)
        assert receive()["event"] == {"type": "document.deleted", "residence_id": residence.pk, "data": {"id": pk}}


def test_the_uploader_is_recorded(residence, member):
    assert make_document(residence, member).created_by == member


def test_documents_expiring_on_a_day_for_warranty_reminders(residence, owner, outsider):
    from documents.selectors import documents_expiring_on
    from residences.selectors import residence_ids_for

    day = dt.date(2030, 6, 1)
    due = make_document(residence, owner, expires_on=day)
    make_document(residence, owner, expires_on=day + dt.timedelta(days=1))
    make_document(ResidenceFactory(owner=outsider), outsider, expires_on=day)
    assert len(documents_expiring_on(day)) == 2
    assert list(documents_expiring_on(day, residence_ids=residence_ids_for(owner))) == [due]
