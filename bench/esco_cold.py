"""Cold report timings, in-process: a report and its JSON on their first view after a
framework edit, and how long that view spends ranking moves across every rung.

    .venv/bin/python bench/esco_cold.py --database sqlite:////tmp/db.sqlite3 [--imported]

`bench/run.py --esco-full` runs it once a round on each of its two databases. Signed in as
the benchmark's person 0 with Django's test client (production settings, debug off), it
renews the framework version before each view (`careers.cache.bump_framework_version`, as
every framework edit does), so the view rebuilds everything a report caches. The moves are
the time that view spends picking candidates through the rung index and ranking them
(`planning.move_candidates`, `progression.lateral_moves`, whichever exist), and
`rung_index` the time it spends getting that index (built once per framework version);
`edit` is the time of renewing the version itself, outside the view.
`--imported` also times person 0's report of an imported rung. Prints one line of JSON:
milliseconds per view and part, `null` for a part never called.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup_django  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="the DATABASE_URL to time on")
    parser.add_argument("--repeat", type=int, default=3, help="cold views of each page")
    parser.add_argument("--imported", action="store_true", help="also the imported report")
    return parser.parse_args(argv)


# What a cold view spends where, by the functions it calls (those missing are skipped):
# ranking moves (picking candidates through the rung index, then ranking them), and getting
# the rung index (built once per framework version, so on a cold view).
TIMED = {
    "moves": (
        ("assessments.planning", "move_candidates"),
        ("assessments.report.progression", "lateral_moves"),
    ),
    "rung_index": (("assessments.report.inputs", "rung_index"),),
}


@contextmanager
def timing(spent: dict[str, list[float]]) -> Iterator[None]:
    """Append the milliseconds of each call of TIMED's functions to `spent`, by part."""
    import importlib

    patched = []
    for part, functions in TIMED.items():
        for module_name, name in functions:
            module = importlib.import_module(module_name)
            original = getattr(module, name, None)
            if original is not None:
                setattr(module, name, _timed(original, spent.setdefault(part, [])))
                patched.append((module, name, original))
    try:
        yield
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


def _timed(function, into: list[float]):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            into.append((time.perf_counter() - started) * 1000)

    return timed


def report_paths(imported: bool) -> dict[str, str]:
    from bench import esco_seed, seed

    paths = {"report": seed.bench_targets().report_id}
    if imported:
        paths["report_imported"] = esco_seed.imported_targets().report_id
    views = {}
    for name, public_id in paths.items():
        views[name] = f"/assessments/{public_id}/report/"
        views[f"{name}_json"] = f"/assessments/{public_id}/report.json"
    return views


def time_cold(client, paths: dict[str, str], repeat: int) -> dict[str, list[float | None]]:
    """Each page `repeat` times, each time right after a framework edit."""
    from careers.cache import bump_framework_version

    timings: dict[str, list[float | None]] = {}
    for _ in range(repeat):
        for name, path in paths.items():
            parts: dict[str, list[float]] = {}
            started = time.perf_counter()
            bump_framework_version()  # an edit: whatever it builds for the new version counts
            timings.setdefault(f"edit_{name}", []).append(
                round((time.perf_counter() - started) * 1000, 1)
            )
            with timing(parts):
                started = time.perf_counter()
                response = client.get(path)
                spent = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}, not 200.")
            timings.setdefault(name, []).append(round(spent, 1))
            for part in TIMED:
                calls = parts.get(part)
                timings.setdefault(f"{part}_{name}", []).append(
                    round(sum(calls), 1) if calls else None
                )
    return timings


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    # Plain static storage: no collectstatic needed for pages rendered in-process.
    setup_django(args.database, DJANGO_MANIFEST_STATIC="0")
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench import seed

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=seed.email_for(0)))
    paths = report_paths(args.imported)
    for path in paths.values():  # imports, templates and the connection, outside the timings
        client.get(path)
    timings = time_cold(client, paths, args.repeat)
    medians = {
        name: statistics.median(values) if None not in values else None
        for name, values in timings.items()
    }
    print(json.dumps({"runs": timings, "median_ms": medians}))


if __name__ == "__main__":
    main()
