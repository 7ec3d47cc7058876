"""HTTP for the inbox, preferences and push devices. Everything is scoped to the caller."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.api.serializers import (
    DeviceSerializer,
    NotificationSerializer,
    PreferenceSerializer,
    ReadAllSerializer,
    UnreadCountSerializer,
)
from notifications.models import Notification


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Only unread (true) or read (false)"
    )

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


@extend_schema_view(
    list=extend_schema(summary="My inbox, newest first", description="`?unread=true` for unread only."),
    retrieve=extend_schema(summary="One of my notifications"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    filter_backends = [filters.DjangoFilterBackend]  # newest first, always
    lookup_value_converter = "int"
    queryset = Notification.objects.none()  # schema generation only

    def get_queryset(self):
        return selectors.notifications_for(self.request.user).order_by("-created_at", "-id")

    @extend_schema(summary="How many unread notifications I have", responses=UnreadCountSerializer, filters=False)
    @action(detail=False, methods=["get"], url_path="unread-count", filterset_class=None, pagination_class=None)
    def unread_count(self, request):
        return Response({"count": selectors.unread_count(request.user)})

    @extend_schema(summary="Mark one notification read", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Mark every notification read", request=None, responses=ReadAllSerializer, filters=False)
    @action(detail=False, methods=["post"], url_path="read-all", filterset_class=None)
    def read_all(self, request):
        return Response({"updated": services.notifications_mark_all_read(user=request.user)})


@extend_schema_view(
    get=extend_schema(summary="My notification preferences (all on by default)"),
    patch=extend_schema(summary="Change my notification preferences"),
)
class PreferenceView(generics.GenericAPIView):
    serializer_class = PreferenceSerializer

    def get(self, request):
        return Response(PreferenceSerializer(selectors.preferences_of(request.user)).data)

    def patch(self, request):
        serializer = PreferenceSerializer(selectors.preferences_of(request.user), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        prefs = services.preferences_update(user=request.user, **serializer.validated_data)
        return Response(PreferenceSerializer(prefs).data)


class DeviceRegisterView(APIView):
    @extend_schema(
        summary="Register this phone for push",
        description="201 for a new token, 200 when it was known; a token registered by another user moves to me.",
        request=DeviceSerializer,
        responses={201: DeviceSerializer, 200: DeviceSerializer},
    )
    def post(self, request):
        serializer = DeviceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        device, created = services.device_register(user=request.user, **serializer.validated_data)
        return Response(
            DeviceSerializer(device).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class DeviceDetailView(APIView):
    @extend_schema(
        summary="Stop push to this phone",
        parameters=[OpenApiParameter("token", str, OpenApiParameter.PATH, description="The push token.")],
        responses={204: OpenApiResponse(description="Unregistered")},
    )
    def delete(self, request, token: str):
        if not services.device_unregister(user=request.user, token=token):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)
