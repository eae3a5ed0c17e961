"""Create the database cache's table, so a fresh database needs nothing beyond `migrate`.

The default cache (without REDIS_URL) is Django's database cache; `createcachetable` creates
its table and does nothing when it exists or when no database cache is configured.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("careers", "0002_framework_editors")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
