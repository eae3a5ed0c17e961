"""Time the cache backends on a real Redis: Django's RedisCache against FailSoftRedisCache.

Starts a throwaway Redis (scripts/redis_temp_start.sh), then times the calls a page makes
(a hit, a miss, a write, allauth's rate-limit lock) through each backend, alternating the
two over several rounds so both share the machine's noise, and prints the medians.

    .venv/bin/python bench/cache_backend.py [--calls 20000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillgap.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

BACKENDS = {
    "django RedisCache": "django.core.cache.backends.redis.RedisCache",
    "FailSoftRedisCache": "skillgap.redis_cache.FailSoftRedisCache",
}
FRAGMENT = "x" * 20_000  # about a cached ladder's size
OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}  # as settings.py sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    port = str(63000 + os.getpid() % 900)
    env = {**os.environ, "REDIS_PORT": port, "REDIS_DIR": tempfile.mkdtemp()}
    url = (
        subprocess.run(
            [ROOT / "scripts" / "redis_temp_start.sh"], env=env, check=True, capture_output=True
        )
        .stdout.decode()
        .strip()
    )
    try:
        _run(url, args.calls, args.rounds)
    finally:
        subprocess.run([ROOT / "scripts" / "redis_temp_stop.sh"], env=env, check=False)


def _run(url: str, calls: int, rounds: int) -> None:
    import django

    django.setup()
    from django.utils.module_loading import import_string

    caches = {
        name: import_string(path)(url, {"KEY_PREFIX": "bench", "OPTIONS": dict(OPTIONS)})
        for name, path in BACKENDS.items()
    }
    for cache in caches.values():
        cache.set("hit", FRAGMENT, None)
    timings: dict[str, dict[str, list[float]]] = {n: {} for n in caches}
    for _ in range(rounds):
        for name, cache in caches.items():
            for operation, seconds in _round(cache, calls).items():
                timings[name].setdefault(operation, []).append(seconds / calls * 1e6)
    print(f"median µs per call, {calls} calls x {rounds} rounds, Redis at {url}")
    operations = list(next(iter(timings.values())))
    print(f"{'backend':<22}" + "".join(f"{op:>14}" for op in operations))
    for name, by_operation in timings.items():
        cells = "".join(f"{statistics.median(by_operation[op]):>14.1f}" for op in operations)
        print(f"{name:<22}{cells}")


def _round(cache, calls: int) -> dict[str, float]:
    def timed(call) -> float:
        started = time.perf_counter()
        for _ in range(calls):
            call()
        return time.perf_counter() - started

    return {
        "get hit": timed(lambda: cache.get("hit")),
        "get miss": timed(lambda: cache.get("miss")),
        "set": timed(lambda: cache.set("written", FRAGMENT, 60)),
        "rate lock": timed(
            lambda: cache.add("allauth:rl:x:lock", True, 10) and cache.delete("allauth:rl:x:lock")
        ),
    }


if __name__ == "__main__":
    main()
