"""Reads scoped to the caller's residences, and the stored names behind rows."""

from django.db.models import QuerySet

from documents.models import Document, Media
from residences.selectors import residence_ids_for


def documents_visible_to(user) -> QuerySet[Document]:
    """Documents of every residence `user` belongs to; anything else is 404 by construction."""
    return Document.objects.filter(residence__in=residence_ids_for(user))


def media_visible_to(user) -> QuerySet[Media]:
    return Media.objects.filter(residence__in=residence_ids_for(user))


def documents_expiring_on(day, *, residence_ids=None) -> QuerySet[Document]:
    """Documents whose expiry date is `day` (for warranty reminders at 30 and 7 days)."""
    documents = Document.objects.filter(expires_on=day)
    if residence_ids is not None:
        documents = documents.filter(residence__in=residence_ids)
    return documents


def document_count_of(residence) -> int:
    return Document.objects.filter(residence=residence).count()


def all_stored_names() -> set[str]:
    """Every storage name some row points at."""
    names = set(Document.objects.values_list("file", flat=True))
    for file, thumbnail in Media.objects.values_list("file", "thumbnail").iterator():
        names.update((file, thumbnail))
    return names
