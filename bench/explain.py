"""EXPLAIN every query the benchmarked pages run, and flag full scans of the big tables.

Requests each page once in-process (signed in as the benchmark's person 0), captures its
queries, and prints each plan: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
Run it after `bench/run.py` has seeded the database:

    DATABASE_URL=postgres://app:app@127.0.0.1:54410/app .venv/bin/python bench/explain.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inprocess import PAGES, fetch, parse_args, start

BIG_TABLES = ("assessments_rating", "assessments_submittedrequirement", "assessments_assessment")
FULL_SCAN = re.compile(r"(?:Seq Scan on|^SCAN) \"?(\w+)\"?", re.MULTILINE)


def explain(sql: str) -> str:
    from django.db import connection

    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS)"
        if connection.vendor == "postgresql"
        else ("EXPLAIN QUERY PLAN")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}")
        rows = cursor.fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def page_queries(client, name: str, paths, targets) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = fetch(client, name, paths, targets)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


def main() -> None:
    args = parse_args(__doc__.split("\n\n")[0])
    client, paths, targets = start(args.scale)
    flagged: list[str] = []
    for name in PAGES:
        status, queries = page_queries(client, name, paths, targets)
        _, repeated = page_queries(client, name, paths, targets)  # warm caches
        print(f"\n=== {name} {paths[name]}: {status}, {len(queries)} queries")
        print(f"(then {len(repeated)} when requested again)")
        for number, sql in enumerate(queries, 1):
            print(f"\n--- {name} query {number}: {sql[:600]}")
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plan = explain(sql)
            print(plan)
            for table in FULL_SCAN.findall(plan):
                if table in BIG_TABLES:
                    flagged.append(f"{name} query {number}: full scan of {table}")
    print("\n=== Full scans of big tables:", *(flagged or ["none"]), sep="\n")


if __name__ == "__main__":
    main()
