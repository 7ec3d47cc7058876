import factory

from accounts.tests.factories import UserFactory
from residences.models import Contractor, Membership, Residence


class ResidenceFactory(factory.django.DjangoModelFactory):
    """A residence with its owner membership; pass `owner=` to choose the owner."""

    class Meta:
        model = Residence
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Home {n}")
    city = "Springfield"
    country = "US"

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(residence=obj, user=extracted or UserFactory(), role=Membership.Role.OWNER)


def add_member(residence: Residence, user=None) -> Membership:
    return Membership.objects.create(residence=residence, user=user or UserFactory(), role=Membership.Role.MEMBER)


class ContractorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contractor

    residence = factory.SubFactory(ResidenceFactory)
    name = factory.Faker("name")
    company = factory.Faker("company")
