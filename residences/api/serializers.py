import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from residences.models import Contractor, ContractorSpecialty, Membership, Residence, ResidenceType
from residences.selectors import owner_of, residence_ids_for


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)


class ResidenceSerializer(serializers.ModelSerializer):
    """A residence as the caller sees it: `role` and `is_primary` are the caller's own."""

    residence_type_id = serializers.PrimaryKeyRelatedField(
        source="residence_type", queryset=ResidenceType.objects.all(), allow_null=True, required=False
    )
    year_built = serializers.IntegerField(min_value=1000, max_value=2200, allow_null=True, required=False)
    bathrooms = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, allow_null=True, required=False, coerce_to_string=False
    )
    is_primary = serializers.BooleanField(
        required=False,
        help_text="The caller's primary home. Per user: each member chooses their own, at most one at a time.",
    )
    owner = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Residence
        fields = [
            "id",
            "name",
            "residence_type_id",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
            "year_built",
            "square_feet",
            "bedrooms",
            "bathrooms",
            "purchase_date",
            "notes",
            "is_primary",
            "owner",
            "role",
            "member_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    @extend_schema_field(UserSummarySerializer)
    def get_owner(self, obj: Residence) -> dict:
        owners = getattr(obj, "owner_memberships", None)
        user = owners[0].user if owners else owner_of(obj)
        return UserSummarySerializer(user).data

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("This field may not be blank."))
        return value

    def validate_country(self, value: str) -> str:
        value = value.strip().upper()
        if value and not re.fullmatch(r"[A-Z]{2}", value):
            raise serializers.ValidationError(_("Use a two-letter ISO 3166-1 country code."))
        return value


class MemberSerializer(serializers.ModelSerializer):
    user = UserSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "joined_at"]
        read_only_fields = fields


class ShareCodeSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text="6 characters from A-Z and 2-9 without O, I, L.")
    expires_at = serializers.DateTimeField(read_only=True)


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, help_text="The share code; case and spaces do not matter.")


class _MyResidencesField(serializers.PrimaryKeyRelatedField):
    """Only the caller's residences resolve; any other id reads as 'does not exist'."""

    def get_queryset(self):
        return Residence.objects.filter(pk__in=residence_ids_for(self.context["request"].user))


class ContractorSerializer(serializers.ModelSerializer):
    residence_id = _MyResidencesField(
        source="residence",
        help_text="Set on create; a residence you belong to. Cannot be changed.",
        error_messages={"does_not_exist": _("Residence not found."), "incorrect_type": _("Residence not found.")},
    )
    specialty_ids = serializers.PrimaryKeyRelatedField(
        source="specialties", queryset=ContractorSpecialty.objects.all(), many=True, required=False
    )

    class Meta:
        model = Contractor
        fields = [
            "id",
            "residence_id",
            "name",
            "company",
            "phone",
            "email",
            "website",
            "specialty_ids",
            "notes",
            "is_favorite",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def validate_name(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError(_("This field may not be blank."))
        return value

    def validate_residence_id(self, residence: Residence) -> Residence:
        if self.instance is not None and residence.pk != self.instance.residence_id:
            raise serializers.ValidationError(_("A contractor cannot move to another residence."))
        return residence


class LookupItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField(help_text="Localized by Accept-Language.")


class TaskPriorityItemSerializer(LookupItemSerializer):
    level = serializers.IntegerField()


class TaskFrequencyItemSerializer(LookupItemSerializer):
    days = serializers.IntegerField()
    months = serializers.IntegerField()


class StaticDataSerializer(serializers.Serializer):
    """Schema only: the view serves cached bytes."""

    residence_types = LookupItemSerializer(many=True)
    task_categories = LookupItemSerializer(many=True)
    task_priorities = TaskPriorityItemSerializer(many=True)
    task_frequencies = TaskFrequencyItemSerializer(many=True)
    contractor_specialties = LookupItemSerializer(many=True)
    document_types = LookupItemSerializer(many=True)
