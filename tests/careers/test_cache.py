"""The framework version, and what is kept per version in each process."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.http import Http404

from careers import cache


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(cache.time, "monotonic", clock)
    return clock


@pytest.fixture
def remembered(settings, monkeypatch):
    """Each process keeps the version it read for a minute, as production does for seconds."""
    settings.FRAMEWORK_VERSION_MAX_AGE = 60
    monkeypatch.setattr(cache, "_last_read", None)  # nothing read by an earlier test


def _edit_on_another_server() -> None:
    # Another process's bump reaches this one only through the shared cache.
    caches["default"].set(cache.FRAMEWORK_VERSION_KEY, "from-elsewhere", timeout=None)


def test_the_version_stays_the_same_until_the_framework_changes():
    assert cache.framework_version() == cache.framework_version()


def test_a_bump_gives_a_new_version():
    before = cache.framework_version()

    cache.bump_framework_version()

    assert cache.framework_version() != before


def test_a_lost_version_becomes_a_new_one():
    before = cache.framework_version()
    caches["default"].clear()

    assert cache.framework_version() != before


def test_this_servers_own_bump_is_seen_at_once(remembered, clock):
    before = cache.framework_version()

    cache.bump_framework_version()

    assert cache.framework_version() != before


def test_another_servers_bump_is_seen_once_the_remembered_version_is_old(remembered, clock):
    before = cache.framework_version()
    _edit_on_another_server()

    clock.now += 59
    still = cache.framework_version()
    clock.now += 1
    after = cache.framework_version()

    assert still == before
    assert after == "from-elsewhere"


def test_without_a_max_age_every_read_sees_the_shared_version(settings):
    settings.FRAMEWORK_VERSION_MAX_AGE = 0
    cache.framework_version()

    _edit_on_another_server()

    assert cache.framework_version() == "from-elsewhere"


def test_a_value_is_built_once_per_version():
    builds = []

    def build() -> str:
        builds.append(1)
        return f"built {len(builds)}"

    first = cache.cached_per_version("thing", build)
    again = cache.cached_per_version("thing", build)
    cache.bump_framework_version()
    rebuilt = cache.cached_per_version("thing", build)

    assert (first, again, rebuilt) == ("built 1", "built 1", "built 2")


def test_different_keys_are_kept_apart():
    one = cache.cached_per_version("one", lambda: "1")

    two = cache.cached_per_version("two", lambda: "2")

    assert (one, two) == ("1", "2")


def test_with_debug_on_nothing_is_kept(settings):
    settings.DEBUG = True
    cache.cached_per_version("thing", lambda: "first")

    assert cache.cached_per_version("thing", lambda: "second") == "second"


def test_a_build_that_raises_keeps_nothing():
    def missing() -> str:
        raise Http404

    with pytest.raises(Http404):
        cache.cached_per_version("missing", missing)

    assert cache.cached_per_version("missing", lambda: "found") == "found"
