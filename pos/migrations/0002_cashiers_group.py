"""Create the «Кассиры» group: its members may use the counter screens without being staff."""

from django.db import migrations

CASHIERS_GROUP = "Кассиры"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=CASHIERS_GROUP)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=CASHIERS_GROUP, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pos", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
