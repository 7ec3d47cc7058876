from django.db import migrations, models


def residence_flag_to_owner_membership(apps, schema_editor):
    """Carry an existing residence-level flag over to its owner (one primary per user)."""
    Residence = apps.get_model("residences", "Residence")
    Membership = apps.get_model("residences", "Membership")
    seen_users = set()
    for residence in Residence.objects.filter(is_primary=True).order_by("id"):
        owner = Membership.objects.filter(residence=residence, role="owner").first()
        if owner is None or owner.user_id in seen_users:
            continue
        seen_users.add(owner.user_id)
        Membership.objects.filter(pk=owner.pk).update(is_primary=True)


def owner_membership_flag_to_residence(apps, schema_editor):
    Residence = apps.get_model("residences", "Residence")
    Membership = apps.get_model("residences", "Membership")
    residence_ids = Membership.objects.filter(role="owner", is_primary=True).values("residence_id")
    Residence.objects.filter(pk__in=residence_ids).update(is_primary=True)


class Migration(migrations.Migration):
    dependencies = [("residences", "0002_seed_static_data")]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="is_primary",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(residence_flag_to_owner_membership, owner_membership_flag_to_residence),
        migrations.RemoveField(model_name="residence", name="is_primary"),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_primary", True)), fields=("user",), name="membership_one_primary_per_user"
            ),
        ),
    ]
