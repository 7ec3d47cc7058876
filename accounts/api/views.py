"""Auth endpoints under /api/auth/: small views with an input serializer that call a service."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api import serializers as s
from honeydue.api.throttling import AnonRateThrottle, UserRateThrottle, email_throttle, ip_throttle, user_throttle

LoginIPThrottle = ip_throttle("login_ip")
LoginEmailThrottle = email_throttle("login_email")
RegisterIPThrottle = ip_throttle("register_ip")
PasswordResetIPThrottle = ip_throttle("password_reset_ip")
PasswordResetEmailThrottle = email_throttle("password_reset_email")
VerifyUserThrottle = user_throttle("verify_user")

TAGS = ["auth"]


def _token_payload(user, token, key: str) -> dict:
    return {"token": key, "expires_at": token.expiry, "user": s.UserSerializer(user).data}


def _request_locale() -> str:
    """The supported language LocaleMiddleware picked from Accept-Language."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class AnonymousAuthView(APIView):
    """Sign-in style endpoints: no token needed, and a stale token a phone still sends is ignored."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class RegisterView(AnonymousAuthView):
    throttle_classes = [AnonRateThrottle, RegisterIPThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_register",
        request=s.RegisterSerializer,
        responses={201: s.TokenResponseSerializer},
        description="Create an account and sign this device in; a 6-digit verification code is emailed.",
    )
    def post(self, request):
        serializer = s.RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user, token, key = services.user_register(
            email=data["email"],
            password=data["password"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            timezone=data["timezone"],
            locale=data.get("locale") or _request_locale(),
        )
        return Response(_token_payload(user, token, key), status=status.HTTP_201_CREATED)


class LoginView(AnonymousAuthView):
    throttle_classes = [AnonRateThrottle, LoginIPThrottle, LoginEmailThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_login",
        request=s.LoginSerializer,
        responses={200: s.TokenResponseSerializer},
        description="One new token per device. A wrong email or password gives one generic 400 "
        "with code `invalid_credentials`.",
    )
    def post(self, request):
        serializer = s.LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user, token, key = services.user_login(request=request, **serializer.validated_data)
        return Response(_token_payload(user, token, key))


class LogoutView(APIView):
    @extend_schema(tags=TAGS, operation_id="auth_logout", request=None, responses={204: None})
    def post(self, request):
        services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    @extend_schema(tags=TAGS, operation_id="auth_logout_all", request=None, responses={204: None})
    def post(self, request):
        services.tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(tags=TAGS, operation_id="auth_me_retrieve", responses={200: s.UserSerializer})
    def get(self, request):
        return Response(s.UserSerializer(request.user).data)

    @extend_schema(
        tags=TAGS,
        operation_id="auth_me_update",
        request=s.ProfileUpdateSerializer,
        responses={200: s.UserSerializer},
    )
    def patch(self, request):
        serializer = s.ProfileUpdateSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update_profile(user=request.user, **serializer.validated_data)
        return Response(s.UserSerializer(user).data)

    @extend_schema(
        tags=TAGS,
        operation_id="auth_me_destroy",
        request=s.DeleteAccountSerializer,
        responses={204: None},
        description="Delete the account and every residence it owns. Needs the password.",
    )
    def delete(self, request):
        serializer = s.DeleteAccountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_delete(user=request.user, password=serializer.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailView(APIView):
    throttle_classes = [UserRateThrottle, VerifyUserThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_verify_email",
        request=s.VerifyEmailSerializer,
        responses={200: s.UserSerializer},
        description="Codes expire after 15 minutes and allow 5 tries (400 `invalid_code`); "
        "a verified user gets 200 again.",
    )
    def post(self, request):
        serializer = s.VerifyEmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.email_verify(user=request.user, code=serializer.validated_data["code"])
        return Response(s.UserSerializer(user).data)


class VerifyEmailResendView(APIView):
    throttle_classes = [UserRateThrottle, VerifyUserThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_verify_email_resend",
        request=None,
        responses={202: s.DetailSerializer},
        description="Email a fresh code (the previous one stops working). No email if already verified.",
    )
    def post(self, request):
        services.email_verification_request(user=request.user)
        return Response({"detail": _("A new code is on its way.")}, status=status.HTTP_202_ACCEPTED)


class ForgotPasswordView(AnonymousAuthView):
    throttle_classes = [AnonRateThrottle, PasswordResetIPThrottle, PasswordResetEmailThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_forgot_password",
        request=s.EmailSerializer,
        responses={202: s.DetailSerializer},
        description="Always 202, whether or not the address has an account.",
    )
    def post(self, request):
        serializer = s.EmailSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset_request(email=serializer.validated_data["email"])
        return Response(
            {"detail": _("If an account uses that address, a code is on its way.")}, status=status.HTTP_202_ACCEPTED
        )


class ResetPasswordView(AnonymousAuthView):
    throttle_classes = [AnonRateThrottle, PasswordResetIPThrottle, PasswordResetEmailThrottle]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_reset_password",
        request=s.ResetPasswordSerializer,
        responses={200: s.DetailSerializer},
        description="Sets the new password and signs out every device. An unknown email and a wrong, "
        "expired or used-up code all give the same 400 `invalid_code`.",
    )
    def post(self, request):
        serializer = s.ResetPasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.password_reset(**serializer.validated_data)
        return Response({"detail": _("Your password has been reset. Sign in with the new one.")})


class ChangePasswordView(APIView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_change_password",
        request=s.ChangePasswordSerializer,
        responses={200: OpenApiResponse(s.ChangePasswordResponseSerializer)},
        description="This device stays signed in; every other token is revoked.",
    )
    def post(self, request):
        serializer = s.ChangePasswordSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        revoked = services.password_change(
            user=request.user,
            current_password=serializer.validated_data["current_password"],
            new_password=serializer.validated_data["new_password"],
            keep=request.auth,
        )
        return Response({"detail": _("Your password has been changed."), "revoked_tokens": revoked})
