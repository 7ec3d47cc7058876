from django.db import migrations

from residences.static_data import seed, unseed


def forward(apps, schema_editor):
    seed(lambda name: apps.get_model("residences", name))


def backward(apps, schema_editor):
    unseed(lambda name: apps.get_model("residences", name))


class Migration(migrations.Migration):
    dependencies = [("residences", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
