"""Profile one benchmarked page in-process with pyinstrument, on the benchmark's database.

Times the page without the profiler first, then profiles the same number of requests and
prints where the time went. Run it after `bench/run.py` has seeded the database:

    .venv/bin/python bench/profile_page.py report --requests 200
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyinstrument import Profiler

from bench.inprocess import PAGES, fetch, parse_args, start


def _options(parser) -> None:
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--all", action="store_true", help="show library frames too")


def timed(client, page: str, paths, targets, requests: int) -> float:
    """Mean milliseconds per request; raises unless every request answered as expected."""
    started = time.perf_counter()
    for _ in range(requests):
        status = fetch(client, page, paths, targets).status_code
        if status not in (200, 302):
            raise SystemExit(f"{page} answered {status}")
    return 1000 * (time.perf_counter() - started) / requests


def main() -> None:
    args = parse_args(__doc__.split("\n\n")[0], _options)
    client, paths, targets = start(args.scale)
    timed(client, args.page, paths, targets, 5)  # warm caches and imports
    plain = timed(client, args.page, paths, targets, args.requests)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    profiled = timed(client, args.page, paths, targets, args.requests)
    profiler.stop()
    print(f"{args.page} {paths[args.page]}: {plain:.2f} ms a request in-process")
    print(f"({profiled:.2f} ms under the profiler, {args.requests} requests)\n")
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
