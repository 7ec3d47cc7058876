"""Test data for documents: tasks and completions built directly (the tasks app owns their services)."""

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import services
from documents.tests import samples
from residences.models import DocumentType, TaskFrequency
from residences.static_data import seed
from tasks.models import Completion, Task


def ensure_lookups() -> None:
    """Seed the lookup lists if a transactional test's flush removed them (under --reuse-db)."""
    if not TaskFrequency.objects.exists():
        seed(lambda name: apps.get_model("residences", name))


def make_task(residence, title="Replace HVAC filter") -> Task:
    ensure_lookups()
    frequency = TaskFrequency.objects.get(key="once")
    return Task.objects.create(residence=residence, title=title, frequency=frequency, frequency_key=frequency.key)


def make_completion(task: Task) -> Completion:
    now = timezone.now()
    return Completion.objects.create(
        task=task, residence_id=task.residence_id, completed_at=now, completed_on=now.date(), task_before={}
    )


def upload(data: bytes = samples.PDF, name: str = "manual.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def document_type(key: str = "warranty") -> DocumentType:
    ensure_lookups()
    return DocumentType.objects.filter(key=key).first() or DocumentType.objects.first()


def make_document(residence, user, *, data: bytes = samples.PDF, name: str = "manual.pdf", **fields):
    fields.setdefault("title", "Dishwasher manual")
    return services.document_create(residence=residence, user=user, upload=upload(data, name), **fields)


def make_media(residence, user, *, data: bytes | None = None, **fields):
    data = data or samples.image_bytes("JPEG")
    return services.media_create(
        residence=residence, user=user, upload=upload(data, "photo.jpg", "image/jpeg"), **fields
    )
