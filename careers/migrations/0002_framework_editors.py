"""Create the "Framework editors" group: may edit the career framework and nothing else.

Editors get add/change/delete/view on the six careers models only, never on users, groups
or anyone's assessments, so the admin never shows them a person's data.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Framework editors"
CAREERS_MODELS = ["skillcategory", "skill", "role", "rung", "requirement", "learningstep"]
ACTIONS = ["add", "change", "delete", "view"]


def create_framework_editors(apps, schema_editor):
    # Permissions are normally created by post_migrate, after every migration has run;
    # on a fresh database they do not exist yet, so create them now.
    careers_config = apps.get_app_config("careers")
    careers_config.models_module = True
    create_permissions(careers_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    careers_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for action in ACTIONS for model in CAREERS_MODELS]
    permissions = Permission.objects.filter(
        content_type__app_label="careers", codename__in=codenames
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(permissions)


def delete_framework_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_framework_editors, delete_framework_editors),
    ]
