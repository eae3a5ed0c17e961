"""The framework version: one token, in the configured cache, that every framework write renews.

Whatever is built from the framework (the public ladders, the role catalogue, the parts of a
report that read the live framework) puts the token in its cache key: after an edit it
misses once and is rebuilt, on every app server alike, and nothing is ever deleted by hand.
The token lives in the shared cache (Redis, or the database cache), never in a process.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")

FRAMEWORK_VERSION_KEY = "skillgap:framework-version"

# What apps above careers build from each new version as soon as it exists (filled in their
# AppConfig.ready()), so the first page after an edit does not pay for it.
_builders: list[Callable[[], object]] = []


def build_on_each_version(builder: Callable[[], object]) -> None:
    """Register `builder` to run right after every bump (it caches what it builds)."""
    if builder not in _builders:
        _builders.append(builder)


def framework_version() -> str:
    """A token that changes whenever the framework is edited.

    A missing token (never set, or evicted) becomes a new one, which only makes everything
    cached miss once: it can never serve a stale page.
    """
    return cache.get_or_set(FRAMEWORK_VERSION_KEY, _new_token, timeout=None)


def bump_framework_version() -> None:
    """Call after any write to the career framework: what was built from it rebuilds.

    Every write calls it on commit, so the registered builders read the committed framework.
    """
    cache.set(FRAMEWORK_VERSION_KEY, _new_token(), timeout=None)
    for builder in _builders:
        builder()


def _new_token() -> str:
    return uuid.uuid4().hex


def read_current(key: str, stamp: object = "") -> tuple[str, Any]:
    """(the framework version, what `key` holds if it was stored under that version and
    `stamp`, else None), read in one round trip to the cache.

    For entries built from the framework and, through `stamp`, from rows that their writes
    renew (a draft's `updated_at`, the dashboard's summary). The key holds neither: a new
    version or stamp replaces the entry in place instead of leaving the old one behind.
    Where `framework_version()` and then a key holding the version take two reads, this
    takes one.
    """
    found = cache.get_many([FRAMEWORK_VERSION_KEY, key])
    version = found.get(FRAMEWORK_VERSION_KEY) or framework_version()
    stored = found.get(key)
    if stored is not None and stored[:2] == (version, stamp):
        return version, stored[2]
    return version, None


def write_current(
    key: str, value: object, *, version: str, stamp: object = "", timeout: int | None = None
) -> None:
    """Store `value` under `key` for `read_current`. `version` must have been read before
    `value` was built from the database, so that an edit in between makes it miss."""
    cache.set(key, (version, stamp, value), timeout=timeout)


def get_or_set_current(key: str, build: Callable[[], T], stamp: object = "") -> T:
    """What `key` holds for the current framework version and `stamp`, else `build()`,
    stored for them."""
    version, value = read_current(key, stamp)
    if value is None:
        value = build()
        write_current(key, value, version=version, stamp=stamp)
    return value
