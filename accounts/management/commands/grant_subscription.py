from django.core.management.base import BaseCommand, CommandError

from accounts.models import Subscription, User, normalize_email
from accounts.subscriptions.services import grant_subscription
from honeydue.exceptions import InvalidInput


class Command(BaseCommand):
    help = "Comp a plan: `grant_subscription EMAIL --tier pro --days N`, or `--tier free` to end it."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--tier", required=True, choices=[t.value for t in Subscription.Tier])
        parser.add_argument("--days", type=int, help="How long Pro lasts (required with --tier pro).")

    def handle(self, *args, email: str, tier: str, days: int | None, **options):
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No account uses the email address {email!r}.")
        if tier == Subscription.Tier.PRO and (days is None or days < 1):
            raise CommandError("--tier pro needs --days N with N of at least 1.")
        if tier == Subscription.Tier.FREE and days is not None:
            raise CommandError("--days only applies to --tier pro.")
        try:
            subscription = grant_subscription(user=user, tier=tier, days=days)
        except InvalidInput as exc:
            raise CommandError(str(exc.message)) from exc
        if subscription.tier == Subscription.Tier.PRO:
            self.stdout.write(f"{user.email} is on Pro until {subscription.expires_at.isoformat()}.")
        else:
            self.stdout.write(f"{user.email} is on the free plan.")
