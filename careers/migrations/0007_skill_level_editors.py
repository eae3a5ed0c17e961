"""Let the "Framework editors" group edit skill levels, as it edits the other careers models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Framework editors"
ACTIONS = ["add", "change", "delete", "view"]


def grant_skill_levels(apps, schema_editor):
    # post_migrate creates permissions only after every migration has run.
    careers_config = apps.get_app_config("careers")
    careers_config.models_module = True
    create_permissions(careers_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    careers_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="careers",
        codename__in=[f"{action}_skilllevel" for action in ACTIONS],
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(*permissions)


def revoke_skill_levels(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="careers", codename__endswith="_skilllevel"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0006_skill_levels"),
    ]

    operations = [
        migrations.RunPython(grant_skill_levels, revoke_skill_levels),
    ]
