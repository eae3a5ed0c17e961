"""The step save's commit fsync on SQLite, timed apart: SQLite's default
`synchronous=FULL` (in WAL mode, an fsync of the log at every commit) against `NORMAL`
(fsync at checkpoints only), on a copy of the benchmark's database. Production keeps FULL.

Interleaves the two round by round: the wall time of a one-row UPDATE's commit, and of the
whole step save (`step_save`, in-process with Django's test client):

    cp /tmp/skillgap-bench-1.0.sqlite3 /tmp/fsync.sqlite3
    DATABASE_URL=sqlite:////tmp/fsync.sqlite3 .venv/bin/python bench/commit_fsync.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inprocess import fetch, parse_args, start

MODES = ("FULL", "NORMAL")


def _options(parser) -> None:
    parser.add_argument("--rounds", type=int, default=8)


def main() -> None:
    args = parse_args(__doc__.split("\n\n")[0], _options)
    client, paths, targets = start(args.scale)
    from django.db import connection, transaction
    from django.db.backends.signals import connection_created

    from assessments.models import Assessment

    if connection.vendor != "sqlite":
        raise SystemExit("SQLite only: set DATABASE_URL to a copy of the bench's SQLite file.")
    mode = {"synchronous": "FULL"}

    def set_mode(sender, connection, **kwargs) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={mode['synchronous']}")

    connection_created.connect(set_mode)
    pk = Assessment.objects.values_list("pk", flat=True).first()

    def save_ms(n: int = 20) -> float:
        started = time.perf_counter()
        for _ in range(n):
            fetch(client, "step_save", paths, targets)
        return 1000 * (time.perf_counter() - started) / n

    def commit_ms(n: int = 50) -> float:
        started = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                Assessment.objects.filter(pk=pk).update(report_stamp=i)
        return 1000 * (time.perf_counter() - started) / n

    timings: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for synchronous in MODES:
            mode["synchronous"] = synchronous
            connection.close()  # the next query opens a connection in this mode
            timings.setdefault(("step save", synchronous), []).append(save_ms())
            timings.setdefault(("commit", synchronous), []).append(commit_ms())
    for (what, synchronous), values in timings.items():
        median = statistics.median(values)
        print(f"{what:<10} synchronous={synchronous:<6} {median:7.2f} ms (median of {len(values)})")


if __name__ == "__main__":
    main()
