"""Record the ESCO concept URI of every shipped skill that has an ESCO equivalent.

Fresh databases get the URIs from fixtures/careers.json; this applies
fixtures/esco_crosswalk.csv to databases seeded before, so that the ESCO importer reuses
those skills there too. Skills an editor has given a source or an external id are left as
they are.
"""

from django.db import migrations

from careers.crosswalk import apply_crosswalk, read_crosswalk, remove_crosswalk


def apply(apps, schema_editor):
    apply_crosswalk(apps.get_model("careers", "Skill"), read_crosswalk())


def undo(apps, schema_editor):
    remove_crosswalk(apps.get_model("careers", "Skill"), read_crosswalk())


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0007_skill_level_editors"),
    ]

    operations = [
        migrations.RunPython(apply, undo),
    ]
