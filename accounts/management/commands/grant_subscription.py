"""manage.py grant_subscription EMAIL --tier pro --days N: support staff comping a plan."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Subscription, User, normalize_email
from accounts.subscriptions.services import grant_subscription
from honeydue.exceptions import InvalidInput


class Command(BaseCommand):
    help = "Grant a plan to a user: --tier pro --days N (omit --days for no end), or --tier free to revoke a grant."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--tier", choices=[choice for choice, _label in Subscription.Tier.choices], default="pro")
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, email, tier, days, **options):
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No user with email {email!r}.")
        try:
            subscription = grant_subscription(user=user, tier=tier, days=days)
        except InvalidInput as exc:
            raise CommandError(str(exc.message)) from exc
        until = subscription.expires_at.isoformat() if subscription.expires_at else "no end"
        self.stdout.write(self.style.SUCCESS(f"{user.email}: {subscription.tier} ({until})"))
