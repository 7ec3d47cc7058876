"""Send a test notification to a user by every channel their preferences allow."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from notifications import services
from notifications.models import Delivery


class Command(BaseCommand):
    help = "Create a test notification for EMAIL's user and deliver it by push and email (as preferences allow)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with email {email!r}.") from exc
        notification = services.notification_send(user=user)
        channels = (
            Delivery.objects.filter(notification=notification).order_by("channel").values_list("channel", flat=True)
        )
        queued = ", ".join(channels) or "none (inbox only: preferences or no device)"
        self.stdout.write(self.style.SUCCESS(f"Test notification {notification.pk} for {user.email}; queued: {queued}"))
