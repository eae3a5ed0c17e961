"""The framework version: one token in the shared cache, renewed by every framework write."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from careers import cache


def _edit_on_another_server() -> None:
    # Another server's bump reaches this one only through the shared cache.
    shared_cache.set(cache.FRAMEWORK_VERSION_KEY, "from-elsewhere", timeout=None)


def test_the_version_stays_the_same_until_the_framework_changes():
    assert cache.framework_version() == cache.framework_version()


@pytest.mark.django_db  # a bump also builds what is registered for each new version
def test_a_bump_gives_a_new_version():
    before = cache.framework_version()

    cache.bump_framework_version()

    assert cache.framework_version() != before


def test_a_lost_version_becomes_a_new_one():
    before = cache.framework_version()
    shared_cache.clear()

    assert cache.framework_version() != before


def test_another_servers_bump_is_seen_on_the_next_read():
    cache.framework_version()

    _edit_on_another_server()

    assert cache.framework_version() == "from-elsewhere"


def test_the_version_is_kept_in_the_shared_cache_only():
    version = cache.framework_version()

    assert shared_cache.get(cache.FRAMEWORK_VERSION_KEY) == version


def test_an_entry_is_read_back_for_its_version_and_stamp():
    version, _ = cache.read_current("entry", stamp="s1")
    cache.write_current("entry", "built", version=version, stamp="s1")

    assert cache.read_current("entry", stamp="s1") == (version, "built")


def test_an_entry_misses_for_another_stamp():
    version, _ = cache.read_current("entry", stamp="s1")
    cache.write_current("entry", "built", version=version, stamp="s1")

    assert cache.read_current("entry", stamp="s2") == (version, None)


def test_an_entry_misses_once_another_server_edits_the_framework():
    version, _ = cache.read_current("entry")
    cache.write_current("entry", "built", version=version)

    _edit_on_another_server()

    assert cache.read_current("entry") == ("from-elsewhere", None)


def test_an_entry_built_before_an_edit_is_never_served_after_it():
    version, _ = cache.read_current("entry")  # read, then the edit lands, then the write
    _edit_on_another_server()
    cache.write_current("entry", "built from the old framework", version=version)

    assert cache.read_current("entry")[1] is None


def test_get_or_set_current_builds_once_per_version():
    built = []

    def build() -> str:
        built.append(1)
        return f"build {len(built)}"

    first = cache.get_or_set_current("entry", build)
    again = cache.get_or_set_current("entry", build)
    _edit_on_another_server()
    after_edit = cache.get_or_set_current("entry", build)

    assert (first, again, after_edit) == ("build 1", "build 1", "build 2")


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="with REDIS_URL there is no database cache")
def test_migrate_alone_creates_the_database_cache_table(db):
    assert "django_cache" in connection.introspection.table_names()


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="with REDIS_URL there is no database cache")
def test_the_database_cache_works_on_a_freshly_migrated_database(db):
    database_cache = DatabaseCache("django_cache", {})

    database_cache.set(cache.FRAMEWORK_VERSION_KEY, "v1", timeout=None)

    assert database_cache.get(cache.FRAMEWORK_VERSION_KEY) == "v1"
