"""HTTP for residences, members, sharing, contractors and static data. Writes go to services."""

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from honeydue.api.throttling import user_throttle
from honeydue.exceptions import NotPermitted
from residences import services
from residences.api.serializers import (
    ContractorSerializer,
    JoinSerializer,
    MemberSerializer,
    ResidenceSerializer,
    ShareCodeSerializer,
    StaticDataSerializer,
)
from residences.filters import ContractorFilter
from residences.models import Membership, Residence
from residences.selectors import (
    contractors_for,
    members_of,
    residences_for,
    residences_with_owner_for,
    static_data_payload,
)

RESIDENCE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Residence id.")


def _my_residence(request, residence_id) -> Residence:
    """The residence if the caller belongs to it (annotated with their role), else 404."""
    return get_object_or_404(residences_for(request.user), pk=residence_id)


def _fresh(request, residence_id: int) -> Residence:
    return residences_with_owner_for(request.user).get(pk=residence_id)


@extend_schema_view(
    list=extend_schema(summary="List my residences (owned or shared)"),
    create=extend_schema(
        summary="Create a residence; the caller becomes its owner",
        description="Free plans own at most one residence (403 `upgrade_required`).",
    ),
    retrieve=extend_schema(summary="A residence I belong to"),
    partial_update=extend_schema(
        summary="Change a residence",
        description="Owner only (403 for members), except `is_primary`, which every member sets for themselves.",
    ),
    destroy=extend_schema(summary="Delete a residence with its tasks, documents and files (owner only)"),
)
class ResidenceViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ResidenceSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_converter = "int"
    filter_backends: list = []  # a handful of homes per person: no filters or ordering
    queryset = Residence.objects.none()  # schema generation only; get_queryset scopes every request

    def get_queryset(self):
        return residences_with_owner_for(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        is_primary = data.pop("is_primary", None)
        residence = services.residence_create(user=self.request.user, data=data, is_primary=is_primary)
        serializer.instance = _fresh(self.request, residence.pk)

    def partial_update(self, request, *args, **kwargs):
        residence = self.get_object()
        fields = set(request.data) if isinstance(request.data, dict) else set()
        if residence.role != Membership.Role.OWNER and fields - {"is_primary"}:
            raise NotPermitted(_("Only the owner of this residence can change it."))
        serializer = self.get_serializer(residence, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        is_primary = data.pop("is_primary", None)
        services.residence_update(residence=residence, user=request.user, data=data, is_primary=is_primary)
        return Response(self.get_serializer(_fresh(request, residence.pk)).data)

    def perform_destroy(self, instance):
        services.residence_delete(residence=instance, user=self.request.user)


class MemberListView(generics.ListAPIView):
    serializer_class = MemberSerializer
    filter_backends: list = []  # fixed order: owner first, then by joining
    queryset = Membership.objects.none()  # schema generation only

    def get_queryset(self):
        return members_of(_my_residence(self.request, self.kwargs["id"]))

    @extend_schema(summary="Members of a residence, owner first", parameters=[RESIDENCE_ID])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MemberDetailView(APIView):
    @extend_schema(
        summary="Remove a member, or leave",
        description="The owner removes anyone but themselves; a member removes only themselves (leaves).",
        parameters=[RESIDENCE_ID, OpenApiParameter("user_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={204: None},
    )
    def delete(self, request, id: int, user_id: int):
        residence = _my_residence(request, id)
        try:
            services.member_remove(residence=residence, actor=request.user, user_id=user_id)
        except Membership.DoesNotExist:
            raise NotFound() from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShareCodeView(APIView):
    @extend_schema(
        summary="Issue a share code (replaces the previous one)",
        description="Owner only; needs a Pro plan (403 `upgrade_required`). Valid 7 days.",
        parameters=[RESIDENCE_ID],
        request=None,
        responses={201: ShareCodeSerializer},
    )
    def post(self, request, id: int):
        residence = _my_residence(request, id)
        share_code = services.share_code_issue(residence=residence, user=request.user)
        return Response(ShareCodeSerializer(share_code).data, status=status.HTTP_201_CREATED)


class JoinView(APIView):
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, user_throttle("join_user")]

    @extend_schema(
        summary="Join a residence with a share code",
        description="Unknown or expired code → 400 (field `code`). Already a member → 200, nothing changes.",
        request=JoinSerializer,
        responses={200: ResidenceSerializer},
    )
    def post(self, request):
        serializer = JoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        residence, _joined = services.residence_join(user=request.user, code=serializer.validated_data["code"])
        return Response(ResidenceSerializer(_fresh(request, residence.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="Contractors of my residences"),
    create=extend_schema(
        summary="Add a contractor to a residence I belong to",
        description="A `residence_id` that is not yours reads as nonexistent (400).",
    ),
    retrieve=extend_schema(summary="A contractor"),
    partial_update=extend_schema(summary="Change a contractor (its residence stays)"),
    destroy=extend_schema(summary="Delete a contractor"),
)
class ContractorViewSet(viewsets.ModelViewSet):
    serializer_class = ContractorSerializer
    filterset_class = ContractorFilter
    ordering_fields = ["name", "created_at", "is_favorite"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_converter = "int"
    queryset = ContractorSerializer.Meta.model.objects.none()  # schema generation only

    def get_queryset(self):
        return contractors_for(self.request.user).select_related("residence")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        residence = data.pop("residence")
        specialties = data.pop("specialties", None)
        serializer.instance = services.contractor_create(
            user=self.request.user, residence=residence, data=data, specialties=specialties
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("residence", None)
        specialties = data.pop("specialties", None)
        serializer.instance = services.contractor_update(
            contractor=serializer.instance, user=self.request.user, data=data, specialties=specialties
        )

    def perform_destroy(self, instance):
        services.contractor_delete(contractor=instance, user=self.request.user)


class StaticDataView(APIView):
    """Every lookup list in one cached, ETagged body; no account needed."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        summary="Every lookup list (localized by Accept-Language)",
        description="Send the `ETag` back as `If-None-Match` to get 304 when nothing changed.",
        auth=[],
        responses={200: StaticDataSerializer, 304: OpenApiResponse(description="Not modified")},
    )
    def get(self, request):
        body, etag = static_data_payload()
        if _etag_matches(etag, request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type="application/json")
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"  # clients may keep it, but revalidate with the ETag
        response["Content-Language"] = get_language()
        patch_vary_headers(response, ["Accept-Language"])
        return response


def _etag_matches(etag: str, if_none_match: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}  # weak comparison, RFC 9110 13.1.2
    return "*" in tags or etag in tags
