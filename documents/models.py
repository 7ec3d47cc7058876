"""Documents (warranties, manuals, receipts) and photos of a residence, stored under random names."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

# Storage names are random: nothing about the residence, the user or the
# original file name is visible in the storage bucket or on disk.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
    "image/webp": ".webp",
    "text/plain": ".txt",
}


def random_storage_name(prefix: str, content_type: str) -> str:
    return f"{prefix}/{secrets.token_hex(16)}{EXTENSIONS.get(content_type, '')}"


def _document_upload_to(instance, filename: str) -> str:
    return random_storage_name("documents", instance.content_type)


def _media_upload_to(instance, filename: str) -> str:
    return random_storage_name("media", instance.content_type)


def _thumbnail_upload_to(instance, filename: str) -> str:
    return random_storage_name("media/thumbnails", instance.thumbnail_content_type)


class Document(models.Model):
    """A file a household keeps for a residence, optionally tied to one of its tasks."""

    residence = models.ForeignKey("residences.Residence", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    document_type = models.ForeignKey(
        "residences.DocumentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(blank=True)
    vendor = models.CharField(max_length=200, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    # Same residence as the document: composite foreign key to task (id, residence_id).
    task = models.ForeignKey("tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents")
    file = models.FileField(upload_to=_document_upload_to, max_length=200)
    file_name = models.CharField(max_length=255, help_text="The uploader's file name, sanitized; used for downloads.")
    content_type = models.CharField(max_length=100, help_text="Decided from the file's bytes.")
    size_bytes = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="documents"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="document_title_not_blank"),
            models.CheckConstraint(condition=~Q(file=""), name="document_file_not_blank"),
            models.UniqueConstraint(fields=["file"], name="document_file_unique"),
        ]
        indexes = [
            models.Index(fields=["residence", "-created_at"], name="document_residence_recent_idx"),
            models.Index(fields=["expires_on"], name="document_expires_idx", condition=Q(expires_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class Media(models.Model):
    """A photo of a residence, optionally of a task or one completion of it; re-encoded without EXIF."""

    residence = models.ForeignKey("residences.Residence", on_delete=models.CASCADE, related_name="media")
    # Same residence as the media (composite foreign keys); a completion's photo also names its task.
    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, null=True, blank=True, related_name="media")
    completion = models.ForeignKey(
        "tasks.Completion", on_delete=models.CASCADE, null=True, blank=True, related_name="media"
    )
    caption = models.CharField(max_length=500, blank=True)
    file = models.FileField(upload_to=_media_upload_to, max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    thumbnail = models.FileField(upload_to=_thumbnail_upload_to, max_length=200)
    thumbnail_content_type = models.CharField(max_length=100)
    thumbnail_size_bytes = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "photo"
        verbose_name_plural = "photos"
        constraints = [
            models.CheckConstraint(condition=~Q(file=""), name="media_file_not_blank"),
            models.CheckConstraint(condition=~Q(thumbnail=""), name="media_thumbnail_not_blank"),
            models.CheckConstraint(
                condition=Q(completion__isnull=True) | Q(task__isnull=False), name="media_completion_has_task"
            ),
            models.UniqueConstraint(fields=["file"], name="media_file_unique"),
        ]
        indexes = [
            models.Index(fields=["residence", "-created_at"], name="media_residence_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.caption or f"photo {self.pk}"
