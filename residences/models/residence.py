"""Residences, who belongs to them, and the codes that let people join."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Residence(models.Model):
    """A home a household maintains; exactly one owner among its members."""

    name = models.CharField(max_length=120)
    residence_type = models.ForeignKey(
        "residences.ResidenceType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    year_built = models.PositiveSmallIntegerField(null=True, blank=True)
    square_feet = models.PositiveIntegerField(null=True, blank=True)
    bedrooms = models.PositiveSmallIntegerField(null=True, blank=True)
    bathrooms = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="residences")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_built__isnull=True) | models.Q(year_built__gte=1000, year_built__lte=2200),
                name="residence_year_built_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(bathrooms__isnull=True) | models.Q(bathrooms__gte=0),
                name="residence_bathrooms_gte_0",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="residence_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's place in a residence: the owner, or a member who joined by code."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # "Primary" is each person's own choice of home (two members may pick differently),
    # so it lives on the membership: at most one per user.
    is_primary = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["residence", "user"], name="membership_unique_per_residence"),
            models.UniqueConstraint(
                fields=["residence"], condition=models.Q(role="owner"), name="membership_one_owner_per_residence"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_primary=True), name="membership_one_primary_per_user"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="membership_user_role_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.residence_id}"


class ShareCode(models.Model):
    """The one current invite code of a residence; issuing a new one replaces it."""

    residence = models.OneToOneField(Residence, on_delete=models.CASCADE, related_name="share_code")
    code = models.CharField(max_length=6, unique=True)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z2-9]{6}$"), name="share_code_format"),
        ]

    def __str__(self) -> str:
        return f"share code for residence {self.residence_id}"
