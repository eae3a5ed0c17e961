"""pg_trgm, for the catalogue's typo-tolerant search on PostgreSQL (does nothing elsewhere)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0009_role_isco_group_alternative_labels"),
    ]

    operations = [
        TrigramExtension(),
    ]
