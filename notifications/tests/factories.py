import factory

from accounts.tests.factories import UserFactory
from notifications.models import Device, Kind, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = Kind.TEST
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Body"


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    user = factory.SubFactory(UserFactory)
    platform = Device.Platform.IOS
    token = factory.Sequence(lambda n: f"{n:064x}")
    app_version = "1.0"
