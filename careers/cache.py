"""The framework version, and a per-process cache of what is built from the framework.

Every write to the career framework (an admin save or delete, an import) replaces a version
token kept in the shared default cache, so every app server sees the edit. Whatever is
built from the framework (the public ladders, the role catalogue, submitted reports' outlook)
puts the token in its cache key: after an edit it misses once and is rebuilt, and nothing is
ever deleted by hand.

Reading the token costs a query on the database cache, so each process keeps the token it
read for up to `settings.FRAMEWORK_VERSION_MAX_AGE` seconds. That is how long another app
server may go on serving pages of the previous framework after an edit; the process that
made the edit uses its new token at once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

FRAMEWORK_VERSION_KEY = "skillgap:framework-version"
PAGES_CACHE = "pages"

T = TypeVar("T")

# (token, time.monotonic() when read); one tuple, replaced whole, so threads never see a mix.
_last_read: tuple[str, float] | None = None


def framework_version() -> str:
    """A token that changes whenever the framework is edited.

    A missing token (never set, or culled from the cache) becomes a new one, which only
    makes everything cached miss once: it can never serve a stale page.
    """
    last = _last_read
    now = time.monotonic()
    if last is not None and now - last[1] < settings.FRAMEWORK_VERSION_MAX_AGE:
        return last[0]
    cache = caches["default"]
    version = cache.get(FRAMEWORK_VERSION_KEY)
    if version is None:
        cache.add(FRAMEWORK_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(FRAMEWORK_VERSION_KEY)
    _remember(version, now)
    return version


def bump_framework_version() -> None:
    """Call after any write to the career framework: what was built from it rebuilds."""
    version = uuid.uuid4().hex
    caches["default"].set(FRAMEWORK_VERSION_KEY, version, timeout=None)
    _remember(version, time.monotonic())


def cached_per_version(key: str, build: Callable[[], T]) -> T:
    """`build()`'s value, kept in this process until the framework next changes.

    `key` names what is built (and anything else it depends on); the framework version is
    added here. `build()` may raise (a 404, say): nothing is cached then. With DEBUG on,
    nothing is kept, so edits to templates show at once.
    """
    if settings.DEBUG:
        return build()
    cache = caches[PAGES_CACHE]
    versioned = f"{key}:{framework_version()}"
    value = cache.get(versioned)
    if value is None:
        value = build()
        cache.set(versioned, value)
    return value


def _remember(version: str, when: float) -> None:
    global _last_read
    _last_read = (version, when)
