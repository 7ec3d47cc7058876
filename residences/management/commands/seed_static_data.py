from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from residences.selectors import invalidate_static_data
from residences.static_data import seed


class Command(BaseCommand):
    help = "Create or refresh the static lookup lists (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = seed(lambda name: apps.get_model("residences", name))
        invalidate_static_data()
        for model_name, count in created.items():
            self.stdout.write(f"{model_name}: {count} created")
        self.stdout.write(self.style.SUCCESS("Static data is up to date."))
