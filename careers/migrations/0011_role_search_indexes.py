"""Indexes for the catalogue's search on PostgreSQL: the full-text vector of a role, and
the trigrams of its name and alternative labels (typos). Other databases get none: their
plainer search reads every role, which at ESCO's size is a few milliseconds."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from careers.search import search_vector


def _indexes():
    return [
        GinIndex(search_vector(), name="role_search_vector"),
        GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="role_name_trigrams"),
        GinIndex(
            fields=["alternative_labels"],
            opclasses=["gin_trgm_ops"],
            name="role_alt_labels_trigrams",
        ),
    ]


def _on_postgresql(change: str):
    """A migration step that adds or removes the indexes, on PostgreSQL only."""

    def step(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        role = apps.get_model("careers", "Role")
        for index in _indexes():
            getattr(schema_editor, change)(role, index)

    return step


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0010_trigram_extension"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql("add_index"), _on_postgresql("remove_index")),
    ]
