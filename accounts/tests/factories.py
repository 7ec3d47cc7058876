import factory
from django.utils import timezone

from accounts.models import Subscription, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    timezone = "UTC"
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


def make_pro(user, days: int = 30) -> Subscription:
    subscription, _ = Subscription.objects.update_or_create(
        user=user,
        defaults={
            "tier": Subscription.Tier.PRO,
            "source": Subscription.Source.MANUAL,
            "expires_at": timezone.now() + timezone.timedelta(days=days),
        },
    )
    return subscription
