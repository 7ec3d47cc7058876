import django_filters

from residences.models import Contractor


class ContractorFilter(django_filters.FilterSet):
    """`?residence=<id>`: ids outside the caller's residences simply match nothing."""

    residence = django_filters.NumberFilter(field_name="residence_id")
    is_favorite = django_filters.BooleanFilter()
    specialty = django_filters.NumberFilter(field_name="specialties", distinct=True)

    class Meta:
        model = Contractor
        fields = ["residence", "is_favorite", "specialty"]
