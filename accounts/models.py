"""Users, one-time codes and subscriptions."""

import uuid
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from accounts.subscriptions import rules as store_rules


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("Unknown time zone: use an IANA name such as Europe/Paris."), code="invalid_timezone")


def normalize_email(email: str) -> str:
    """The login: trimmed and lower-cased, so uniqueness is case-insensitive."""
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, email_verified=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    locale = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    email_verified = models.BooleanField(default=False)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        # Stored lower-cased (enforced here), so the unique index is case-insensitive.
        constraints = [
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="user_email_lowercase"),
            models.CheckConstraint(condition=~models.Q(email=""), name="user_email_not_blank"),
        ]
        indexes = [
            # The reminder tick walks each time zone's active users in id order.
            models.Index(fields=["timezone", "id"], name="user_active_tz_idx", condition=models.Q(is_active=True)),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now=None):
        """The calendar date it is for this user right now."""
        return (now or dj_timezone.now()).astimezone(self.tzinfo).date()


class OneTimeCode(models.Model):
    """A hashed 6-digit code for email verification or password reset; one live per purpose."""

    class Purpose(models.TextChoices):
        VERIFY_EMAIL = "verify_email", _("Verify email")
        RESET_PASSWORD = "reset_password", _("Reset password")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=128)
    salt = models.CharField(max_length=32)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "purpose"], name="one_live_code_per_purpose"),
            models.CheckConstraint(
                condition=models.Q(attempts__lte=settings.ONE_TIME_CODE_MAX_ATTEMPTS), name="code_attempts_capped"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} code for user {self.user_id}"


class Subscription(models.Model):
    """A user's plan: free unless a store purchase or staff grant says Pro until `expires_at`."""

    class Tier(models.TextChoices):
        FREE = "free", _("Free")
        PRO = "pro", _("Pro")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Granted by staff")
        APPLE = "apple", _("Apple App Store")
        GOOGLE = "google", _("Google Play")

    class Status(models.TextChoices):
        """Store state; see accounts/subscriptions/rules.py for the transitions."""

        NONE = "", _("No store subscription")
        ACTIVE = "active", _("Active")
        GRACE = "grace", _("Renewal failed, in grace period")
        BILLING_RETRY = "billing_retry", _("Renewal failed, store retrying")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")
        REVOKED = "revoked", _("Revoked")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscription")
    tier = models.CharField(max_length=10, choices=Tier.choices, default=Tier.FREE)
    source = models.CharField(max_length=10, choices=Source.choices, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, blank=True, default=Status.NONE)
    grace_expires_at = models.DateTimeField(null=True, blank=True)
    auto_renew = models.BooleanField(null=True, blank=True)
    product_id = models.CharField(max_length=200, blank=True)
    # Apple original transaction id or Google purchase token: how store events find the row.
    store_reference = models.CharField(max_length=512, blank=True)
    # Signed date of the newest store event applied; older ones never move state backwards.
    last_event_at = models.DateTimeField(null=True, blank=True)
    # Given to the apps as StoreKit appAccountToken / Play obfuscatedAccountId to tie purchases to the user.
    app_account_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tier="free", source="") | (models.Q(tier="pro") & ~models.Q(source="")),
                name="subscription_pro_has_source",
            ),
            # One store purchase belongs to one account.
            models.UniqueConstraint(
                fields=["source", "store_reference"],
                condition=~models.Q(store_reference=""),
                name="subscription_store_reference_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="") | models.Q(source__in=["apple", "google"]),
                name="subscription_status_only_for_store",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.tier}"

    @property
    def platform(self) -> str | None:
        return self.source or None

    def effective_tier(self, now=None) -> str:
        """Pro while paid or in grace; expired, refunded or revoked Pro falls back to free without losing data."""
        if self.tier != self.Tier.PRO:
            return self.Tier.FREE
        status = store_rules.Status(self.status or store_rules.Status.ACTIVE)
        state = store_rules.State(status, self.expires_at, self.grace_expires_at)
        return self.Tier.PRO if store_rules.grants_pro(state, now or dj_timezone.now()) else self.Tier.FREE


from accounts.models_store import StoreEvent  # noqa: E402, F401
