"""Subscription state, purchase verification and the two store webhooks."""

import json
import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.subscription_serializers import (
    AppleNotificationSerializer,
    PubSubPushSerializer,
    SubscriptionStateSerializer,
    VerifyPurchaseSerializer,
    WebhookAckSerializer,
)
from accounts.models import StoreEvent
from accounts.subscriptions import apple, google, selectors, services
from honeydue.api.errors import error_response
from honeydue.api.schema import ERROR_SCHEMA
from honeydue.api.throttling import ip_throttle, user_throttle
from honeydue.exceptions import InvalidInput

logger = logging.getLogger(__name__)


class SubscriptionView(APIView):
    @extend_schema(
        operation_id="subscription_retrieve",
        summary="The caller's plan: tier, expiry, platform, limits and usage",
        responses=SubscriptionStateSerializer,
        tags=["subscriptions"],
    )
    def get(self, request):
        return Response(SubscriptionStateSerializer(selectors.subscription_state_for(request.user)).data)


class StoreUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = "The store could not be reached; try again shortly."
    default_code = "store_unavailable"


class VerifyPurchaseView(APIView):
    throttle_classes = [user_throttle("subscription_verify")]

    @extend_schema(
        operation_id="subscription_verify",
        summary="Verify a store purchase and return the resulting plan",
        description=(
            'Apple: `{"platform": "apple", "signed_transaction": "<StoreKit 2 JWS>"}`. '
            'Google: `{"platform": "google", "product_id", "purchase_token"}`. A purchase linked to another '
            "account → 409 `conflict`; a signature that does not verify → 400; the store unreachable → 503 "
            "`store_unavailable`."
        ),
        request=VerifyPurchaseSerializer,
        responses={
            200: SubscriptionStateSerializer,
            503: OpenApiResponse(response=ERROR_SCHEMA, description="The store could not be reached."),
        },
        tags=["subscriptions"],
    )
    def post(self, request):
        serializer = VerifyPurchaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["platform"] == "apple":
            services.verify_apple_purchase(user=request.user, signed_transaction=data["signed_transaction"])
        else:
            try:
                services.verify_google_purchase(
                    user=request.user, product_id=data["product_id"], purchase_token=data["purchase_token"]
                )
            except google.StoreUnavailable as exc:
                raise StoreUnavailable(_("Google Play could not be reached; try again shortly.")) from exc
        return Response(SubscriptionStateSerializer(selectors.subscription_state_for(request.user)).data)


class _WebhookView(APIView):
    """Store callbacks: no user token, their own authentication, throttled and size-limited."""

    parser_classes = [JSONParser]
    throttle_classes = [ip_throttle("store_webhook")]

    def initial(self, request, *args, **kwargs):
        # Smaller than the API-wide limit, checked before the body is read.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > settings.STORE_WEBHOOK_MAX_BYTES:
            raise _TooLarge()
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, _TooLarge):
            return error_response(413, "request_too_large", _("The request body is too large."))
        return super().handle_exception(exc)


class _TooLarge(Exception):
    pass


class AppleWebhookView(_WebhookView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="webhook_apple",
        summary="App Store Server Notifications V2",
        description=(
            "Apple's signed notification, verified against the configured root certificates, bundle id and "
            "environment. Stored once by notificationUUID (a repeat is a 200 no-op) and processed in a job."
        ),
        request=AppleNotificationSerializer,
        responses={200: WebhookAckSerializer},
        auth=[],
        tags=["webhooks"],
    )
    def post(self, request):
        serializer = AppleNotificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            notification = apple.verify_notification(serializer.validated_data["signedPayload"])
        except apple.AppleVerificationError as exc:
            logger.warning("Apple notification refused: %s", exc.reason)
            raise InvalidInput(_("The notification could not be verified."), field="signedPayload") from exc
        services.record_store_event(
            provider=StoreEvent.Provider.APPLE,
            event_id=notification["notification_uuid"],
            event_type=":".join(filter(None, [notification["notification_type"], notification["subtype"]])),
            payload=notification,
            signed_at=apple.ms_to_datetime(notification["signed_date"]),
        )
        return Response({})


class PubSubPushAuthentication(BaseAuthentication):
    """Google Pub/Sub push: an OIDC bearer token from the push service account, or the shared secret."""

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
        secret = request.query_params.get("token") or request.META.get("HTTP_X_WEBHOOK_TOKEN")
        if not bearer and not secret:
            return None
        if not google.push_is_authentic(bearer=bearer, shared_secret=secret):
            raise exceptions.AuthenticationFailed(_("The push request could not be authenticated."))
        return (AnonymousUser(), "pubsub-push")

    def authenticate_header(self, request):
        return 'Bearer realm="pubsub"'


class IsPubSubPush(BasePermission):
    def has_permission(self, request, view):
        return request.auth == "pubsub-push"


class GoogleWebhookView(_WebhookView):
    authentication_classes = [PubSubPushAuthentication]
    permission_classes = [IsPubSubPush]

    @extend_schema(
        operation_id="webhook_google",
        summary="Google Play real-time developer notifications (Pub/Sub push)",
        description=(
            "Authenticated by the Pub/Sub push OIDC token (`Authorization: Bearer`, audience and service account "
            "from settings) or a shared secret (`?token=` or `X-Webhook-Token`). Stored once by Pub/Sub messageId "
            "(a repeat is a 200 no-op) and processed in a job that reads the purchase from the Play Developer API."
        ),
        parameters=[OpenApiParameter("token", str, required=False, description="Shared secret, if configured.")],
        request=PubSubPushSerializer,
        responses={200: WebhookAckSerializer},
        auth=[],
        tags=["webhooks"],
    )
    def post(self, request):
        try:
            message_id, notification = google.decode_push(request.data)
        except google.InvalidPush as exc:
            raise InvalidInput(_("Not a Pub/Sub push message: %(reason)s") % {"reason": exc}, field="message") from exc
        event_time = notification.get("eventTimeMillis")
        try:
            signed_at = apple.ms_to_datetime(int(event_time)) if event_time is not None else None
        except (TypeError, ValueError) as exc:
            raise InvalidInput(_("eventTimeMillis is not a number."), field="message") from exc
        services.record_store_event(
            provider=StoreEvent.Provider.GOOGLE,
            event_id=message_id,
            event_type=google.event_type_of(notification),
            payload=_without_unknown_keys(notification),
            signed_at=signed_at,
        )
        return Response({})


_NOTIFICATION_KEYS = {
    "version",
    "packageName",
    "eventTimeMillis",
    "subscriptionNotification",
    "voidedPurchaseNotification",
    "oneTimeProductNotification",
    "testNotification",
}


def _without_unknown_keys(notification: dict) -> dict:
    """Keep the documented fields only, bounded in size."""
    kept = {key: value for key, value in notification.items() if key in _NOTIFICATION_KEYS}
    if len(json.dumps(kept)) > settings.STORE_WEBHOOK_MAX_BYTES:
        raise InvalidInput(_("The notification is too large."), field="message")
    return kept
