"""Staff views of documents and photos; files are served only through admin-only views."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html

from documents import services
from documents.api.downloads import stored_file_response
from documents.models import Document, Media


@admin.display(description="size", ordering="size_bytes")
def _size(obj) -> str:
    return filesizeformat(obj.size_bytes)


class _StoredFileAdmin(admin.ModelAdmin):
    """Adds `<id>/file/` (and for photos `<id>/thumbnail/`) behind the admin login and view permission."""

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        return [
            path("<int:pk>/file/", self.admin_site.admin_view(self.file_view), name=f"{prefix}_file"),
            path("<int:pk>/thumbnail/", self.admin_site.admin_view(self.thumbnail_view), name=f"{prefix}_thumbnail"),
            *super().get_urls(),
        ]

    def _object_or_403(self, request, pk):
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def file_view(self, request, pk):
        obj = self._object_or_403(request, pk)
        return stored_file_response(
            request, obj.file.name, content_type=obj.content_type, filename=self.download_name(obj), size=obj.size_bytes
        )

    def thumbnail_view(self, request, pk):
        raise PermissionDenied

    def delete_service(self, obj, user) -> None:
        raise NotImplementedError

    # Deleting from the admin goes through the same service as the API, so the
    # stored files go after the commit and the realtime event is sent.
    def delete_model(self, request, obj):
        self.delete_service(obj, request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related("residence"):
                self.delete_service(obj, request.user)

    def download_name(self, obj) -> str:
        return obj.file.name.rsplit("/", 1)[-1]

    @admin.display(description="file")
    def file_link(self, obj) -> str:
        if obj.pk is None:
            return "-"
        name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_file"
        return format_html('<a href="{}">download</a>', reverse(name, args=[obj.pk]))


@admin.register(Document)
class DocumentAdmin(_StoredFileAdmin):
    list_display = ["title", "residence", "document_type", "content_type", _size, "expires_on", "created_at"]
    list_filter = ["content_type", "document_type", "created_at"]
    search_fields = ["title", "vendor", "file_name", "residence__name"]
    list_select_related = ["residence", "document_type"]
    raw_id_fields = ["residence", "task", "created_by"]
    date_hierarchy = "created_at"
    readonly_fields = ["file_link", "file_name", "content_type", "size_bytes", "created_by", "created_at"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False  # uploads go through the API, which sniffs and limits them

    def download_name(self, obj) -> str:
        return obj.file_name

    def delete_service(self, obj, user) -> None:
        services.document_delete(document=obj, user=user)


@admin.register(Media)
class MediaAdmin(_StoredFileAdmin):
    list_display = ["preview", "__str__", "residence", "task", "content_type", _size, "dimensions", "created_at"]
    list_filter = ["content_type", "created_at"]
    search_fields = ["caption", "residence__name"]
    list_select_related = ["residence", "task"]
    raw_id_fields = ["residence", "task", "completion", "created_by"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview",
        "file_link",
        "content_type",
        "size_bytes",
        "width",
        "height",
        "created_by",
        "created_at",
    ]
    exclude = ["file", "thumbnail", "thumbnail_content_type", "thumbnail_size_bytes"]

    def has_add_permission(self, request):
        return False

    def delete_service(self, obj, user) -> None:
        services.media_delete(media=obj, user=user)

    @admin.display(description="preview")
    def preview(self, obj) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:documents_media_thumbnail", args=[obj.pk])
        return format_html('<img src="{}" alt="" style="max-height:80px;max-width:120px">', url)

    @admin.display(description="size (px)")
    def dimensions(self, obj) -> str:
        return f"{obj.width} x {obj.height}"

    def thumbnail_view(self, request, pk):
        obj = self._object_or_403(request, pk)
        return stored_file_response(
            request,
            obj.thumbnail.name,
            content_type=obj.thumbnail_content_type,
            filename=f"photo-{obj.pk}-thumbnail",
            size=obj.thumbnail_size_bytes,
            as_attachment=False,
        )
