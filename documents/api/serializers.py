from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from documents.models import Document, Media
from residences.models import DocumentType, Residence
from residences.selectors import residence_ids_for
from tasks.models import Completion, Task


class DocumentSerializer(serializers.ModelSerializer):
    residence_id = serializers.IntegerField(read_only=True)
    document_type_id = serializers.IntegerField(read_only=True, allow_null=True)
    task_id = serializers.IntegerField(read_only=True, allow_null=True)
    created_by_id = serializers.IntegerField(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "residence_id",
            "title",
            "document_type_id",
            "description",
            "vendor",
            "purchase_date",
            "expires_on",
            "task_id",
            "file_name",
            "content_type",
            "size_bytes",
            "created_by_id",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document: Document) -> str:
        return self.context["request"].build_absolute_uri(reverse("document-download", args=[document.pk]))


class MediaSerializer(serializers.ModelSerializer):
    residence_id = serializers.IntegerField(read_only=True)
    task_id = serializers.IntegerField(read_only=True, allow_null=True)
    completion_id = serializers.IntegerField(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Media
        fields = [
            "id",
            "residence_id",
            "task_id",
            "completion_id",
            "caption",
            "content_type",
            "size_bytes",
            "width",
            "height",
            "created_at",
            "download_url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, media: Media) -> str:
        return self.context["request"].build_absolute_uri(reverse("media-download", args=[media.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, media: Media) -> str:
        return self.context["request"].build_absolute_uri(reverse("media-thumbnail", args=[media.pk]))


class MyResidenceField(serializers.IntegerField):
    """A residence id the caller belongs to; any other id is 404, as if it did not exist."""

    def to_internal_value(self, data) -> Residence:
        pk = super().to_internal_value(data)
        residence = Residence.objects.filter(pk=pk, pk__in=residence_ids_for(self.context["request"].user)).first()
        if residence is None:
            raise NotFound()
        return residence


class DocumentTypeField(serializers.IntegerField):
    def to_internal_value(self, data) -> DocumentType:
        pk = super().to_internal_value(data)
        try:
            return DocumentType.objects.get(pk=pk)
        except DocumentType.DoesNotExist:
            raise serializers.ValidationError(_("Unknown document type.")) from None


class _TaskInResidenceMixin:
    def _task_in(self, residence_id: int, task_id: int | None) -> Task | None:
        if task_id is None:
            return None
        task = Task.objects.filter(pk=task_id, residence_id=residence_id).first()
        if task is None:
            raise serializers.ValidationError({"task_id": [_("No such task in this residence.")]})
        return task


class DocumentUploadSerializer(_TaskInResidenceMixin, serializers.Serializer):
    """multipart/form-data: the file plus the document's details."""

    file = serializers.FileField(help_text="PDF, JPEG, PNG, HEIC, WebP or UTF-8 text; type decided from the bytes.")
    residence_id = MyResidenceField()
    title = serializers.CharField(max_length=200)
    document_type_id = DocumentTypeField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    vendor = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    purchase_date = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    task_id = serializers.IntegerField(required=False, allow_null=True)

    def validate(self, attrs):
        attrs["task"] = self._task_in(attrs["residence_id"].pk, attrs.pop("task_id", None))
        return attrs


class DocumentUpdateSerializer(_TaskInResidenceMixin, serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    document_type_id = DocumentTypeField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    vendor = serializers.CharField(max_length=200, required=False, allow_blank=True)
    purchase_date = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    task_id = serializers.IntegerField(required=False, allow_null=True)

    def validate(self, attrs):
        changes = {key: value for key, value in attrs.items() if key not in ("document_type_id", "task_id")}
        if "document_type_id" in attrs:
            changes["document_type"] = attrs["document_type_id"]
        if "task_id" in attrs:
            changes["task"] = self._task_in(self.instance.residence_id, attrs["task_id"])
        return changes


class MediaUploadSerializer(_TaskInResidenceMixin, serializers.Serializer):
    """multipart/form-data: one photo plus where it belongs."""

    file = serializers.FileField(help_text="JPEG, PNG, HEIC or WebP; re-encoded without EXIF.")
    residence_id = MyResidenceField()
    task_id = serializers.IntegerField(required=False, allow_null=True)
    completion_id = serializers.IntegerField(required=False, allow_null=True)
    caption = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        residence = attrs["residence_id"]
        attrs["task"] = self._task_in(residence.pk, attrs.pop("task_id", None))
        completion_id = attrs.pop("completion_id", None)
        attrs["completion"] = None
        if completion_id is not None:
            completion = Completion.objects.select_related("task").filter(pk=completion_id, residence=residence).first()
            if completion is None:
                raise serializers.ValidationError({"completion_id": [_("No such completion in this residence.")]})
            if attrs["task"] is not None and attrs["task"].pk != completion.task_id:
                raise serializers.ValidationError({"completion_id": [_("That completion is not of this task.")]})
            attrs["completion"] = completion
        return attrs
