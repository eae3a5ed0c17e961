"""Each page's throughput as a ratio to the page frame (`ref_page_shell`), in-process.

Times CPU (time.process_time, which a busy machine disturbs less than the wall clock) per
request with Django's test client on the benchmark's database, the frame and the pages
interleaved batch by batch, so each round's ratio shares the machine's state; prints the
median over the rounds. Run it after `bench/run.py` has seeded the database:

    .venv/bin/python bench/shell_ratios.py report report_json --rounds 12 --batch 30
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inprocess import PAGES, fetch, parse_args, start
from bench.run import SHELL


def _options(parser) -> None:
    parser.add_argument("pages", nargs="+", choices=PAGES)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--batch", type=int, default=30, help="requests a page a round")


def cpu_ms(client, page: str, paths, targets, requests: int) -> float:
    """CPU milliseconds per request; raises unless every request answered as expected."""
    started = time.process_time()
    for _ in range(requests):
        if fetch(client, page, paths, targets).status_code not in (200, 302):
            raise SystemExit(f"{page} did not answer 200 or 302")
    return 1000 * (time.process_time() - started) / requests


def main() -> None:
    args = parse_args(__doc__.split("\n\n")[0], _options)
    client, paths, targets = start(args.scale)
    pages = [SHELL, *(page for page in args.pages if page != SHELL)]
    for page in pages:
        cpu_ms(client, page, paths, targets, 10)  # warm caches and imports
    ms: dict[str, list[float]] = {page: [] for page in pages}
    for _ in range(args.rounds):
        for page in pages:
            ms[page].append(cpu_ms(client, page, paths, targets, args.batch))
    for page in pages:
        ratio = statistics.median(s / m for s, m in zip(ms[SHELL], ms[page], strict=True))
        median = statistics.median(ms[page])
        print(f"{page:<16} {median:7.2f} CPU ms a request  x shell {ratio:.2f}")


if __name__ == "__main__":
    main()
