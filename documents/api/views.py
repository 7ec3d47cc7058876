from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from documents import services
from documents.api.downloads import IgnoreAcceptNegotiation, stored_file_response
from documents.api.serializers import (
    DocumentSerializer,
    DocumentUpdateSerializer,
    DocumentUploadSerializer,
    MediaSerializer,
    MediaUploadSerializer,
)
from documents.filters import DocumentFilter, MediaFilter
from documents.models import Document, Media
from documents.selectors import documents_visible_to, media_visible_to
from documents.uploads import UploadLimitMixin

_FILE_RESPONSES = {
    (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file, streamed."),
    (206, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The requested byte range (`Range: bytes=first-last`)."
    ),
    302: OpenApiResponse(description="S3 storage: redirect to a short-lived signed URL."),
    416: OpenApiResponse(description="The range starts past the end of the file."),
}
_LENGTH_REQUIRED = OpenApiResponse(description="No Content-Length (e.g. a chunked body): `length_required`.")
_RANGE_HEADER = OpenApiParameter(
    "Range", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, description="e.g. `bytes=0-1048575`"
)


class _StoredFileViewSet(
    UploadLimitMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """List, get, delete, plus a multipart create in the subclass."""


@extend_schema_view(
    list=extend_schema(summary="Documents of my residences", tags=["documents"]),
    retrieve=extend_schema(summary="A document", tags=["documents"]),
    destroy=extend_schema(summary="Delete a document and its file", tags=["documents"]),
)
class DocumentViewSet(_StoredFileViewSet):
    """Warranties, manuals, receipts: members of the document's residence only."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["created_at", "expires_on", "title"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    upload_limit_setting = "DOCUMENT_MAX_BYTES"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return documents_visible_to(self.request.user)

    def get_parsers(self):
        if self.request is not None and self.request.method == "POST":
            return [MultiPartParser()]
        return [JSONParser(), MultiPartParser(), FormParser()]

    @extend_schema(
        summary="Upload a document",
        tags=["documents"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer, 411: _LENGTH_REQUIRED},
    )
    def create(self, request):
        upload = DocumentUploadSerializer(data=request.data, context=self.get_serializer_context())
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        document = services.document_create(
            residence=data["residence_id"],
            user=request.user,
            upload=data["file"],
            title=data["title"],
            document_type=data.get("document_type_id"),
            description=data["description"],
            vendor=data["vendor"],
            purchase_date=data.get("purchase_date"),
            expires_on=data.get("expires_on"),
            task=data["task"],
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a document's details",
        tags=["documents"],
        request=DocumentUpdateSerializer,
        responses={200: DocumentSerializer},
    )
    def partial_update(self, request, pk=None):
        document = self.get_object()
        changes = DocumentUpdateSerializer(document, data=request.data, partial=True)
        changes.is_valid(raise_exception=True)
        document = services.document_update(document=document, user=request.user, **changes.validated_data)
        return Response(self.get_serializer(document).data)

    def perform_destroy(self, instance):
        services.document_delete(document=instance, user=self.request.user)

    @extend_schema(
        summary="Download the document's file",
        tags=["documents"],
        parameters=[_RANGE_HEADER],
        responses=_FILE_RESPONSES,
    )
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreAcceptNegotiation, filter_backends=[])
    def download(self, request, pk=None):
        document = self.get_object()
        return stored_file_response(
            request,
            document.file.name,
            content_type=document.content_type,
            filename=document.file_name,
            size=document.size_bytes,
        )


@extend_schema_view(
    list=extend_schema(summary="Photos of my residences", tags=["media"]),
    retrieve=extend_schema(summary="A photo", tags=["media"]),
    destroy=extend_schema(summary="Delete a photo and its files", tags=["media"]),
)
class MediaViewSet(_StoredFileViewSet):
    """Photos of a residence, a task or a completion: members of the residence only."""

    serializer_class = MediaSerializer
    filterset_class = MediaFilter
    ordering_fields = ["created_at"]
    parser_classes = [MultiPartParser]
    http_method_names = ["get", "post", "delete", "head", "options"]

    upload_limit_setting = "PHOTO_MAX_BYTES"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Media.objects.none()
        return media_visible_to(self.request.user)

    @extend_schema(
        summary="Upload a photo",
        tags=["media"],
        request={"multipart/form-data": MediaUploadSerializer},
        responses={201: MediaSerializer, 411: _LENGTH_REQUIRED},
    )
    def create(self, request):
        upload = MediaUploadSerializer(data=request.data, context=self.get_serializer_context())
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        media = services.media_create(
            residence=data["residence_id"],
            user=request.user,
            upload=data["file"],
            task=data["task"],
            completion=data["completion"],
            caption=data["caption"],
        )
        return Response(self.get_serializer(media).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.media_delete(media=instance, user=self.request.user)

    def _file(self, request, *, thumbnail: bool):
        media = self.get_object()
        field = media.thumbnail if thumbnail else media.file
        content_type = media.thumbnail_content_type if thumbnail else media.content_type
        suffix = field.name.rsplit(".", 1)[-1]
        return stored_file_response(
            request,
            field.name,
            content_type=content_type,
            filename=f"photo-{media.pk}{'-thumbnail' if thumbnail else ''}.{suffix}",
            size=media.thumbnail_size_bytes if thumbnail else media.size_bytes,
            as_attachment=False,
        )

    @extend_schema(summary="The photo", tags=["media"], parameters=[_RANGE_HEADER], responses=_FILE_RESPONSES)
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreAcceptNegotiation, filter_backends=[])
    def download(self, request, pk=None):
        return self._file(request, thumbnail=False)

    @extend_schema(
        summary="The photo's thumbnail", tags=["media"], parameters=[_RANGE_HEADER], responses=_FILE_RESPONSES
    )
    @action(detail=True, methods=["get"], content_negotiation_class=IgnoreAcceptNegotiation, filter_backends=[])
    def thumbnail(self, request, pk=None):
        return self._file(request, thumbnail=True)
