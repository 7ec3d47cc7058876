"""A URLconf for the error-shape tests: one view per failure the API can produce."""

from django.urls import path
from rest_framework import exceptions, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from honeydue import exceptions as domain


class _Input(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    nested = serializers.DictField(child=serializers.IntegerField(), required=False)


class ValidationView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        _Input(data=request.data).is_valid(raise_exception=True)
        return Response({})


class PrivateView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({})


class DomainErrorView(APIView):
    permission_classes = [AllowAny]
    errors = {
        "transition": domain.InvalidTransition(),
        "upgrade": domain.UpgradeRequired(),
        "conflict": domain.Conflict(),
        "forbidden": exceptions.PermissionDenied(),
    }

    def get(self, request, kind):
        raise self.errors[kind]


class JsonOnlyView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]

    def post(self, request):
        return Response(request.data)


class OncePerHour(SimpleRateThrottle):
    rate = "1/hour"

    def get_cache_key(self, request, view):
        return "error-shape-test-throttle"


class ThrottledView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [OncePerHour]

    def get(self, request):
        return Response({})


class CrashView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("boom")


urlpatterns = [
    path("api/validate/", ValidationView.as_view()),
    path("api/private/", PrivateView.as_view()),
    path("api/domain/<str:kind>/", DomainErrorView.as_view()),
    path("api/json-only/", JsonOnlyView.as_view()),
    path("api/throttled/", ThrottledView.as_view()),
    path("api/crash/", CrashView.as_view()),
]
handler404 = "honeydue.api.errors.handler404"
handler500 = "honeydue.api.errors.handler500"
