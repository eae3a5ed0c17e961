"""Carry a name already set on the user (first and last name, as the admin sets them) over
to the display name, so nobody who had a name loses it."""

from django.db import migrations

NAME_MAX_LENGTH = 100


def carry_names_over(apps, schema_editor):
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("accounts", "Profile")
    named = User.objects.exclude(first_name="", last_name="").values_list(
        "pk", "first_name", "last_name"
    )
    for pk, first, last in named.iterator():
        name = f"{first.strip()} {last.strip()}".strip()[:NAME_MAX_LENGTH]
        if name:
            Profile.objects.update_or_create(user_id=pk, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_profile")]

    operations = [migrations.RunPython(carry_names_over, migrations.RunPython.noop)]
