"""Drive the benchmark's pages in-process with Django's test client, for EXPLAIN and profiling.

Uses the database of the last `bench/run.py` (DATABASE_URL, else the SQLite file of
`--scale`), with the same production settings, signed in as the benchmark's person 0.
"""

from __future__ import annotations

import argparse

from bench.run import PAGE_NAMES, REFERENCE_NAMES, database_url, page_paths, setup_django

PAGES = tuple(name for name in PAGE_NAMES + REFERENCE_NAMES if name != "healthz")


def parse_args(description: str, extra=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=1.0, help="which SQLite bench file")
    if extra:
        extra(parser)
    return parser.parse_args()


def start(scale: float):
    """Configure Django on the bench database; return (client, paths, targets)."""
    # Plain static storage: no collectstatic needed for pages rendered in-process.
    setup_django(database_url(scale), DJANGO_MANIFEST_STATIC="0")
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench import seed

    targets = seed.bench_targets()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=targets.email))
    return client, page_paths(targets), targets


def fetch(client, name: str, paths: dict[str, str], targets):
    """Request one page as the load test does; return the response."""
    if name == "save":
        return client.post(paths[name], {**targets.draft_form, "action": "save"})
    if name in ("step_save", "ref_save_only"):
        return client.post(paths[name], targets.step_form)
    return client.get(paths[name])
