"""Every write to documents and photos: uploads, edits, deletes, and file cleanup for deletions elsewhere."""

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.plans import limits_for, within
from documents import files, rules
from documents.models import Document, Media, random_storage_name
from documents.photos import UndecodableImage, process_photo
from documents.selectors import document_count_of
from honeydue.exceptions import InvalidInput, NotPermitted, TooLarge, UnsupportedMediaType, UpgradeRequired
from notifications.events import publish_residence_event
from residences.models import DocumentType, Residence
from residences.selectors import membership_of, owner_of
from tasks.models import Completion, Task


def _require_member(user, residence: Residence) -> None:
    """Members of the residence may write; staff too (admin actions go through these services)."""
    if not user.is_staff and membership_of(user, residence.pk) is None:
        raise NotPermitted()


def sniff_upload(upload) -> str | None:
    """The upload's content type decided from its bytes (never its name or declared type)."""
    upload.seek(0)
    head = upload.read(rules.SNIFF_BYTES)
    upload.seek(0)
    content_type = rules.sniff_content_type(head, upload.chunks())
    upload.seek(0)
    return content_type


def _check_size(upload, limit: int) -> None:
    # The streaming upload handler already refused anything larger while it
    # arrived; this covers callers that pass files from elsewhere.
    if upload.size > limit:
        raise TooLarge(_("The file is larger than %(limit)d MB.") % {"limit": limit // (1024 * 1024)})


def _event_data(document: Document) -> dict:
    return {
        "id": document.pk,
        "title": document.title,
        "document_type_id": document.document_type_id,
        "task_id": document.task_id,
        "expires_on": document.expires_on.isoformat() if document.expires_on else None,
        "created_by_id": document.created_by_id,
    }


def document_create(
    *,
    residence: Residence,
    user,
    upload,
    title: str,
    document_type: DocumentType | None = None,
    description: str = "",
    vendor: str = "",
    purchase_date: dt.date | None = None,
    expires_on: dt.date | None = None,
    task: Task | None = None,
) -> Document:
    """Store an uploaded document for a residence, within the owner's plan."""
    _require_member(user, residence)
    _check_size(upload, settings.DOCUMENT_MAX_BYTES)
    if upload.size == 0:
        raise InvalidInput(_("The file is empty."), field="file")
    content_type = sniff_upload(upload)
    if content_type not in rules.DOCUMENT_TYPES:
        raise UnsupportedMediaType(_("Documents must be PDF, JPEG, PNG, HEIC, WebP or plain text."))
    if task is not None and task.residence_id != residence.pk:
        raise InvalidInput(_("That task is not in this residence."), field="task_id")
    file_name = rules.with_extension(rules.sanitize_file_name(upload.name, fallback="document"), content_type)

    with files.atomic_with_files():
        # Two uploads racing for the last free slot: the residence row lock makes them count in turn.
        Residence.objects.select_for_update().only("pk").get(pk=residence.pk)
        limit = limits_for(owner_of(residence)).max_documents_per_residence
        if not within(limit, document_count_of(residence)):
            raise UpgradeRequired(
                _("This residence has reached its limit of %(limit)d documents. Upgrade to Pro for more.")
                % {"limit": limit}
            )
        document = Document(
            residence=residence,
            title=title,
            document_type=document_type,
            description=description,
            vendor=vendor,
            purchase_date=purchase_date,
            expires_on=expires_on,
            task=task,
            file=random_storage_name("documents", content_type),
            file_name=file_name,
            content_type=content_type,
            size_bytes=upload.size,
            created_by=user,
        )
        document.save()
        # The row exists first; the file is written in the same transaction and
        # deleted again by atomic_with_files() if anything rolls it back.
        stored = files.save_file(document.file.name, upload)
        if stored != document.file.name:
            document.file.name = stored
            document.save(update_fields=["file"])
        publish_residence_event("document.created", residence.pk, _event_data(document))
    return document


DOCUMENT_EDITABLE = ("title", "document_type", "description", "vendor", "purchase_date", "expires_on", "task")


def document_update(*, document: Document, user, **changes) -> Document:
    """Edit a document's details (its file is immutable; upload a new document to replace it)."""
    _require_member(user, document.residence)
    unknown = set(changes) - set(DOCUMENT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    task = changes.get("task")
    if task is not None and task.residence_id != document.residence_id:
        raise InvalidInput(_("That task is not in this residence."), field="task_id")
    if "title" in changes and not changes["title"].strip():
        raise InvalidInput(_("The title cannot be blank."), field="title")
    if not changes:
        return document
    with transaction.atomic():
        for field, value in changes.items():
            setattr(document, field, value)
        document.save(update_fields=list(changes))
    return document


def document_delete(*, document: Document, user) -> None:
    """Delete a document; its file goes once the deletion commits."""
    _require_member(user, document.residence)
    with transaction.atomic():
        residence_id, document_id, name = document.residence_id, document.pk, document.file.name
        document.delete()
        files.delete_on_commit([name])
        publish_residence_event("document.deleted", residence_id, {"id": document_id})


def media_create(
    *,
    residence: Residence,
    user,
    upload,
    task: Task | None = None,
    completion: Completion | None = None,
    caption: str = "",
) -> Media:
    """Store a photo: type from its bytes, re-encoded without EXIF (location included), with a thumbnail.

    The tasks complete endpoint calls this for each multipart `photos` file,
    inside its own transaction (open that with `documents.files.atomic_with_files()`
    so a failed completion leaves no file behind).
    """
    _require_member(user, residence)
    _check_size(upload, settings.PHOTO_MAX_BYTES)
    if upload.size == 0:
        raise InvalidInput(_("The file is empty."), field="file")
    if completion is not None:
        if task is not None and task.pk != completion.task_id:
            raise InvalidInput(_("That completion is not of this task."), field="completion_id")
        task = completion.task
    if task is not None and task.residence_id != residence.pk:
        raise InvalidInput(_("That task is not in this residence."), field="task_id")
    content_type = sniff_upload(upload)
    if content_type not in rules.PHOTO_TYPES:
        raise UnsupportedMediaType(_("Photos must be JPEG, PNG, HEIC or WebP."))
    try:
        photo = process_photo(upload, content_type, settings.PHOTO_THUMBNAIL_PX)
    except UndecodableImage as exc:
        raise UnsupportedMediaType(_("The photo could not be decoded.")) from exc

    with files.atomic_with_files():
        media = Media(
            residence=residence,
            task=task,
            completion=completion,
            caption=caption,
            file=random_storage_name("media", photo.content_type),
            content_type=photo.content_type,
            size_bytes=len(photo.data),
            width=photo.width,
            height=photo.height,
            thumbnail=random_storage_name("media/thumbnails", photo.thumbnail_content_type),
            thumbnail_content_type=photo.thumbnail_content_type,
            thumbnail_size_bytes=len(photo.thumbnail),
            created_by=user,
        )
        media.save()
        stored = files.save_file(media.file.name, ContentFile(photo.data))
        stored_thumb = files.save_file(media.thumbnail.name, ContentFile(photo.thumbnail))
        if (stored, stored_thumb) != (media.file.name, media.thumbnail.name):
            media.file.name, media.thumbnail.name = stored, stored_thumb
            media.save(update_fields=["file", "thumbnail"])
    return media


def media_delete(*, media: Media, user) -> None:
    """Delete a photo; its file and thumbnail go once the deletion commits."""
    _require_member(user, media.residence)
    with transaction.atomic():
        names = [media.file.name, media.thumbnail.name]
        media.delete()
        files.delete_on_commit(names)
