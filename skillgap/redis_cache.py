"""The shared cache on Redis, for a Redis that may go away (DESIGN §18).

Django's RedisCache raises whenever Redis cannot be reached, so a Redis restart answered
pages with a 500 and refused sign-in. `FailSoftRedisCache` is that backend, except:

- While Redis is down, pages miss: a read finds nothing and a write is dropped, so pages
  are built uncached, slower but whole. Nothing a person sees comes from this process.
- The keys that guard security (SECURITY_PREFIXES: rate-limit counters and their locks,
  one-time-code and token replay) go to a store in this process meanwhile. allauth takes a
  lock with `cache.add()` before every rate-limit check and refuses when it cannot, so a
  cache that only missed would refuse every sign-in. Each process counts on its own while
  Redis is gone, so N processes allow up to N times each limit (SECURITY.md).
- After a failure it leaves Redis alone for RETRY_AFTER seconds, so an outage costs one
  connection attempt per process every few seconds, not one per cache call; the client's
  connect and read timeouts (settings.py) bound each attempt.
- It logs the outage when it starts, every LOG_EVERY seconds while it lasts, and its end.
- When Redis answers again, it first deletes there every key whose write it dropped (the
  latest MAX_LOST), so a value Redis kept from before the outage cannot stand in for one
  written during it. The framework version is such a key: an edit made during the outage
  renews it, the renewal is dropped, and the recovery deletes the old token, so every page
  rebuilds. Every process that served a page during the outage does this on its first
  cache call after Redis returns; a process that saw no outage may read the old version
  until then.

The state of an outage is kept per process (Django makes one backend per thread).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis import ConnectionError as RedisConnectionError
from redis import RedisError
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Keys (as callers name them, before the prefix) that guard security: allauth's rate-limit
# counters and locks, its TOTP replay guard, and its social-login JWT replay guard.
SECURITY_PREFIXES = ("allauth:rl:", "allauth.mfa.totp.used", "jwt:")
RETRY_AFTER = 5.0  # seconds without calling Redis after it failed
LOG_EVERY = 60.0  # seconds between log lines about one outage
MAX_LOST = 1000  # dropped writes remembered, to delete when Redis returns
FALLBACK_MAX_ENTRIES = 20_000  # security keys kept per process while Redis is down
_DROPPED = object()


def is_security_key(key: str) -> bool:
    return key.startswith(SECURITY_PREFIXES)


@dataclass
class _Outage:
    """One process's view of one Redis: down since when, and the writes it dropped."""

    where: str
    down_since: float | None = None
    retry_at: float = 0.0
    logged_at: float = 0.0
    lost: OrderedDict[str, None] = field(default_factory=OrderedDict)
    losing: threading.Lock = field(default_factory=threading.Lock)
    probing: threading.Lock = field(default_factory=threading.Lock)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(name: str, where: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(name, _Outage(where=where))


def _where(server: str) -> str:
    """The server's address for a log line, without any password in its URL."""
    parts = urlsplit(server)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache that keeps pages and sign-in working while Redis is down.

    OPTIONS may hold RETRY_AFTER and LOG_EVERY (seconds); the rest goes to the Redis client.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", RETRY_AFTER))
        self.log_every = float(options.pop("LOG_EVERY", LOG_EVERY))
        # A connection that Redis closed (a restart) is reopened once, not taken for an outage.
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)))
        super().__init__(server, {**params, "OPTIONS": options})
        name = f"{server}|{self.key_prefix}"
        self._outage = _outage_for(name, _where(self._servers[0]))
        self._fallback = LocMemCache(
            f"skillgap-security-fallback|{name}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    def ping(self) -> None:
        """Ask Redis itself, whatever this process thinks of it; raises RedisError if down."""
        self._cache.get_client(write=True).ping()

    # --- one key ---------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._one("add", key, version, (value, timeout), dropped=False)

    def get(self, key, default=None, version=None):
        return self._one("get", key, version, (default,), dropped=default, writes=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._one("set", key, version, (value, timeout), dropped=None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._one("touch", key, version, (timeout,), dropped=False)

    def delete(self, key, version=None):
        if is_security_key(key):  # a lock taken here during an outage must not outlive it
            self._fallback.delete(key, version=version)
        return self._one("delete", key, version, (), dropped=False)

    def has_key(self, key, version=None):
        return self._one("has_key", key, version, (), dropped=False, writes=False)

    def incr(self, key, delta=1, version=None):
        value = self._one("incr", key, version, (delta,), dropped=_DROPPED)
        if value is _DROPPED:
            raise ValueError(f"Key '{key}' not found.")
        return value

    # --- many keys -------------------------------------------------------------------

    def get_many(self, keys, version=None):
        keys = list(keys)
        if self._redis_usable():
            try:
                return super().get_many(keys, version=version)
            except RedisError as error:
                self._went_down(error)
        return self._fallback.get_many([k for k in keys if is_security_key(k)], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if self._redis_usable():
            try:
                return super().set_many(data, timeout=timeout, version=version)
            except RedisError as error:
                self._went_down(error)
        guarded = {k: v for k, v in data.items() if is_security_key(k)}
        self._fallback.set_many(guarded, timeout=timeout, version=version)
        dropped = [k for k in data if k not in guarded]
        self._lose(dropped, version)
        return dropped

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._fallback.delete_many([k for k in keys if is_security_key(k)], version=version)
        if self._redis_usable():
            try:
                return super().delete_many(keys, version=version)
            except RedisError as error:
                self._went_down(error)
        self._lose([k for k in keys if not is_security_key(k)], version)

    def clear(self):
        self._fallback.clear()
        if self._redis_usable():
            try:
                return super().clear()
            except RedisError as error:
                self._went_down(error)
        return False

    # --- the outage ------------------------------------------------------------------

    def _one(self, method: str, key, version, args: tuple, *, dropped, writes: bool = True):
        """RedisCache's `method` on `key`; while Redis is down, the per-process store's for
        a security key, else `dropped` (a write is remembered, to undo when Redis returns)."""
        if self._redis_usable():
            try:
                return getattr(super(), method)(key, *args, version=version)
            except RedisError as error:
                self._went_down(error)
        if is_security_key(key):
            return getattr(self._fallback, method)(key, *args, version=version)
        if writes:
            self._lose([key], version)
        return dropped

    def _lose(self, keys: list, version) -> None:
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        with self._outage.losing:
            lost = self._outage.lost
            for key in made:
                lost[key] = None
                lost.move_to_end(key)
            while len(lost) > MAX_LOST:
                lost.popitem(last=False)

    def _went_down(self, error: RedisError) -> None:
        outage, now = self._outage, time.monotonic()
        outage.retry_at = now + self.retry_after
        if outage.down_since is None:
            outage.down_since = outage.logged_at = now
            logger.warning(
                "The shared cache at %s is unreachable (%s): pages are built uncached, and "
                "rate limits and replay guards are kept per process until it returns.",
                outage.where,
                type(error).__name__,
            )

    def _redis_usable(self) -> bool:
        """False while Redis is known to be down; once RETRY_AFTER has passed, one thread
        asks it again, and on an answer deletes the writes dropped meanwhile."""
        outage = self._outage
        if outage.down_since is None:
            return True
        if time.monotonic() < outage.retry_at or not outage.probing.acquire(blocking=False):
            return False
        try:
            return outage.down_since is None or self._recover()
        finally:
            outage.probing.release()

    def _recover(self) -> bool:
        outage, now = self._outage, time.monotonic()
        outage.retry_at = now + self.retry_after
        with outage.losing:
            lost = list(outage.lost)
        try:
            self.ping()
            if lost:
                self._cache.delete_many(lost)
        except RedisError as error:
            if now - outage.logged_at >= self.log_every:
                outage.logged_at = now
                logger.warning(
                    "The shared cache at %s is still unreachable after %d s (%s).",
                    outage.where,
                    now - outage.down_since,
                    type(error).__name__,
                )
            return False
        logger.warning(
            "The shared cache at %s is back after %d s; %d keys written meanwhile were deleted.",
            outage.where,
            now - outage.down_since,
            len(lost),
        )
        with outage.losing:
            for key in lost:
                outage.lost.pop(key, None)
        outage.down_since = None
        return True
