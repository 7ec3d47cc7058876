from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Subscription, User, normalize_email, validate_timezone
from accounts.selectors import subscription_summary_for


def _check_password(password: str, user: User, field: str) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError({field: list(exc.messages)}) from exc


class PlanLimitsSerializer(serializers.Serializer):
    max_owned_residences = serializers.IntegerField(allow_null=True, help_text="null means unlimited")
    max_active_tasks_per_residence = serializers.IntegerField(allow_null=True)
    max_documents_per_residence = serializers.IntegerField(allow_null=True)
    can_share = serializers.BooleanField()


class SubscriptionSummarySerializer(serializers.Serializer):
    tier = serializers.ChoiceField(choices=Subscription.Tier.choices)
    expires_at = serializers.DateTimeField(allow_null=True, help_text="When Pro ends; null on the free plan.")
    limits = PlanLimitsSerializer()


class UserSerializer(serializers.ModelSerializer):
    subscription = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "timezone",
            "locale",
            "email_verified",
            "date_joined",
            "subscription",
        ]
        read_only_fields = ["id", "email", "email_verified", "date_joined"]

    @extend_schema_field(SubscriptionSummarySerializer)
    def get_subscription(self, user: User) -> dict:
        return SubscriptionSummarySerializer(subscription_summary_for(user)).data


class ProfileUpdateSerializer(serializers.ModelSerializer):
    """PATCH /api/auth/me/: names, IANA time zone, locale."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "timezone", "locale"]


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    timezone = serializers.CharField(max_length=64, required=False, default="UTC", validators=[validate_timezone])
    locale = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="Defaults to the request's Accept-Language."
    )

    def validate_email(self, value: str) -> str:
        return normalize_email(value)

    def validate(self, attrs: dict) -> dict:
        candidate = User(email=attrs["email"], first_name=attrs["first_name"], last_name=attrs["last_name"])
        _check_password(attrs["password"], candidate, "password")
        return attrs


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown only once.")
    expires_at = serializers.DateTimeField(help_text="Sliding: each use moves it forward.")
    user = UserSerializer()


code_field_validator = RegexValidator(r"^\d{6}$", _("Enter the 6-digit code from the email."))


class VerifyEmailSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=6, validators=[code_field_validator])


class EmailSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class ResetPasswordSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    code = serializers.CharField(max_length=6, validators=[code_field_validator])
    new_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)

    def validate(self, attrs: dict) -> dict:
        # Judged against the typed address only, so the answer is the same whether or not it has an account.
        _check_password(attrs["new_password"], User(email=normalize_email(attrs["email"])), "new_password")
        return attrs


class ChangePasswordSerializer(serializers.Serializer):
    current_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)

    def validate(self, attrs: dict) -> dict:
        _check_password(attrs["new_password"], self.context["request"].user, "new_password")
        return attrs


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ChangePasswordResponseSerializer(DetailSerializer):
    revoked_tokens = serializers.IntegerField(help_text="How many other devices were signed out.")
