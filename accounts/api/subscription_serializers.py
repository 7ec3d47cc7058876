"""Input and output shapes for subscriptions and store webhooks."""

from rest_framework import serializers

from accounts.api.serializers import PlanLimitsSerializer
from accounts.models import Subscription

STORE_STATUS_CHOICES = [choice for choice in Subscription.Status.choices if choice[0]]
STORE_PLATFORM_CHOICES = [("apple", "Apple App Store"), ("google", "Google Play")]


class ResidenceUsageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    active_tasks = serializers.IntegerField(required=False, help_text="Present once the tasks app reports it.")
    documents = serializers.IntegerField(required=False, help_text="Present once the documents app reports it.")


class UsageSerializer(serializers.Serializer):
    owned_residences = serializers.IntegerField()
    residences = ResidenceUsageSerializer(many=True, help_text="Residences the user owns, with per-residence counts.")


class SubscriptionStateSerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Subscription.Tier.choices, help_text="Effective tier right now.")
    expires_at = serializers.DateTimeField(allow_null=True, help_text="End of the paid period; null = no end.")
    platform = serializers.ChoiceField(
        choices=Subscription.Source.choices, allow_null=True, help_text="Where the Pro plan comes from."
    )
    status = serializers.ChoiceField(
        choices=STORE_STATUS_CHOICES,
        allow_null=True,
        help_text="Store state; null without a store subscription.",
    )
    grace_expires_at = serializers.DateTimeField(allow_null=True, help_text="Pro access continues until then.")
    auto_renew = serializers.BooleanField(allow_null=True)
    product_id = serializers.CharField(allow_blank=True)
    app_account_token = serializers.UUIDField(
        help_text="Pass as StoreKit appAccountToken / Play obfuscatedAccountId when purchasing."
    )
    limits = PlanLimitsSerializer()
    usage = UsageSerializer()


class VerifyPurchaseSerializer(serializers.Serializer):
    """Apple: `{platform: "apple", signed_transaction}`; Google: `{platform: "google", product_id, purchase_token}`."""

    platform = serializers.ChoiceField(choices=STORE_PLATFORM_CHOICES)
    signed_transaction = serializers.CharField(required=False, max_length=20000, trim_whitespace=True)
    product_id = serializers.CharField(required=False, max_length=200)
    purchase_token = serializers.CharField(required=False, max_length=512)

    def validate(self, attrs):
        needed = ["signed_transaction"] if attrs["platform"] == "apple" else ["product_id", "purchase_token"]
        missing = {
            name: [serializers.Field.default_error_messages["required"]] for name in needed if not attrs.get(name)
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class AppleNotificationSerializer(serializers.Serializer):
    signedPayload = serializers.CharField(max_length=200_000)


class PubSubMessageSerializer(serializers.Serializer):
    data = serializers.CharField(help_text="Base64 DeveloperNotification JSON.")
    messageId = serializers.CharField(max_length=200)
    publishTime = serializers.CharField(required=False)
    attributes = serializers.DictField(child=serializers.CharField(), required=False)


class PubSubPushSerializer(serializers.Serializer):
    message = PubSubMessageSerializer()
    subscription = serializers.CharField(required=False)


class WebhookAckSerializer(serializers.Serializer):
    """Always an empty object: 200 for a new or a repeated event."""
