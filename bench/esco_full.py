"""The benchmark at full ESCO size: `bench/run.py --esco-full`.

Two SQLite databases in /tmp, one per framework, with the same people:

- `shipped`: the shipped framework (25 rungs) and `bench/seed.py`'s people;
- `esco`: a copy of it into which every ESCO occupation is imported (timed, as the import
  command does it), then `bench/esco_seed.py`'s assessments of imported rungs, person 0's
  among them.

Each is served by its own gunicorn. Every page, the reference floors and the pages this
scenario adds (the catalogue and the rung picker with and without a search, the imported
role and person 0's imported report) is loaded on both, page by page, one framework then the
other (the order alternating by round), so the two are compared in the same minutes. Each
round also times, in-process, a cold report and report.json on each (`bench/esco_cold.py`).
Throughput is reported as a ratio to `/healthz` and to `ref_page_shell` on the same server
in the same round (medians over `--rounds`), beside each page's HTML size; the targets of
issue 22 are checked at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from bench import run
from bench.run import BenchError, Browser, Page, log

FRAMEWORKS = ("shipped", "esco")
SEARCH_TEXT = "developer"
SHELL = run.SHELL
# The pages this scenario adds to bench/run.py's (the imported ones exist with ESCO only),
# each loaded right after the page it varies.
EXTRA_AFTER = {
    "home": ("home_q",),
    "role": ("role_imported", "new", "new_q"),
    "report": ("report_imported",),
    "report_json": ("report_imported_json",),
}
EXTRA_NAMES = tuple(page for pages in EXTRA_AFTER.values() for page in pages)
ORDER = (
    "healthz",
    *run.REFERENCE_NAMES,
    *(page for name in run.PAGE_NAMES[1:] for page in (name, *EXTRA_AFTER.get(name, ()))),
)
COLD_REPEAT = 3
ESCO_DIR = Path(os.environ.get("SKILLGAP_ESCO_DIR") or run.ROOT.parent / "shared" / "data" / "esco")
# Issue 22's targets.
COLD_MS, MOVES_MS, MAX_HTML_BYTES, IMPORT_SECONDS = 150, 50, 300_000, 30
SEARCH_PAGES, SEARCH_FLOOR, DRIFT = ("home", "home_q", "new_q"), 0.5, 0.15


@dataclass
class Server:
    """One framework's database, its gunicorn and its signed-in pages."""

    framework: str
    path: Path
    port: int = 0
    process: subprocess.Popen | None = None
    browser: Browser | None = None
    pages: dict[str, Page] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    describe: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


# Where the two databases live: SKILLGAP_BENCH_ESCO_PREFIX names copies of one's own.
DATABASE_PREFIX = os.environ.get("SKILLGAP_BENCH_ESCO_PREFIX") or "/tmp/skillgap-bench-esco-full"


def database_path(scale: float, framework: str) -> Path:
    return Path(f"{DATABASE_PREFIX}-{scale}-{framework}.sqlite3")


def use_database(path: Path) -> None:
    """Point Django's default connection (and so the database cache) at `path`."""
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(path)


def prepare(args: argparse.Namespace, servers: dict[str, Server]) -> dict:
    """Seed the shipped database (with --reimport: migrate the one already seeded), copy it,
    import all of ESCO into the copy and seed it."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from bench import esco_seed

    for name in ("classification", "relations"):
        zipped = ESCO_DIR / getattr(esco_seed, f"{name.upper()}_ZIP")
        if not zipped.exists():
            raise BenchError(f"{zipped} does not exist: set SKILLGAP_ESCO_DIR to its folder.")
    use_database(servers["shipped"].path)
    if args.reimport:
        log("migrating the shipped-framework database of an earlier run")
        call_command("migrate", interactive=False, verbosity=0)
        cache.clear()  # nothing the earlier code rendered may be served by this code
        seeded = (earlier_preparation(args.scale) or {}).get("seed")
    else:
        seeded = run.prepare_database(args.scale)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    use_database(servers["esco"].path)
    run.reset_database()
    _copy_sqlite(servers["shipped"].path, servers["esco"].path)
    log("importing every ESCO occupation into the copy")
    started = time.perf_counter()
    classification = esco_seed.load(ESCO_DIR)
    loaded = time.perf_counter() - started
    imported = esco_seed.import_all(classification)
    imported |= {"load_seconds": round(loaded, 2)}
    imported["total_seconds"] = round(loaded + imported["import_seconds"], 2)
    log(f"imported in {imported['total_seconds']} s; seeding assessments of imported rungs")
    extra = esco_seed.seed_imported(scale=args.scale).as_dict()
    call_command("collectstatic", interactive=False, verbosity=0)
    return {"seed": seeded, "import": imported, "imported_assessments": extra}


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def describe_database(server: Server) -> tuple:
    """Person 0's targets on `server`'s database, and what it holds."""
    from bench import esco_seed, seed
    from careers.models import Requirement, Role, Rung

    use_database(server.path)
    targets = seed.bench_targets()
    imported = esco_seed.imported_targets() if server.framework == "esco" else None
    server.describe = {
        **seed.count_rows(),
        "roles": Role.objects.count(),
        "rungs": Rung.objects.count(),
        "requirements": Requirement.objects.count(),
        "signed_in": targets.describe(),
        "imported": imported.describe() if imported else None,
    }
    return targets, imported


def extra_paths(imported) -> dict[str, str]:
    paths = {
        "home_q": f"/?q={quote(SEARCH_TEXT)}",
        "new": "/assessments/new/",
        "new_q": f"/assessments/new/?q={quote(SEARCH_TEXT)}",
    }
    if imported is not None:
        report = f"/assessments/{imported.report_id}/report"
        paths |= {
            "role_imported": f"/roles/{imported.role_slug}/",
            "report_imported": f"{report}/",
            "report_imported_json": f"{report}.json",
        }
    return paths


def start(server: Server, args: argparse.Namespace, wanted: set[str], found: tuple) -> None:
    """Serve `server`'s database, sign in as person 0, build and check its pages and sizes."""
    targets, imported = found
    server.port = run.free_port()
    logfile = Path(f"/tmp/skillgap-bench-gunicorn-{os.getpid()}-{server.framework}.log")
    log(f"starting gunicorn for {server.framework} on {run.LOOPBACK}:{server.port} ({logfile})")
    env = {**os.environ, "DATABASE_URL": server.url}
    server.process = run.start_gunicorn(server.port, args, logfile, env=env)
    run.wait_until_ready(server.process, server.port, logfile)
    server.browser = Browser(server.port)
    run.log_in(server.browser, targets.email, targets.password)
    pages = run.build_pages(server.browser, targets)
    pages += [Page(name, path) for name, path in extra_paths(imported).items()]
    server.pages = {p.name: p for p in pages if p.name in wanted}
    run.check_pages(server.browser, list(server.pages.values()))
    for page in server.pages.values():
        if page.method == "GET":
            server.sizes[page.name] = len(server.browser.request("GET", page.path)[1].encode())


def time_cold(server: Server) -> dict:
    command = [sys.executable, str(run.BENCH / "esco_cold.py"), f"--database={server.url}"]
    command += [f"--repeat={COLD_REPEAT}"] + (["--imported"] if server.framework == "esco" else [])
    done = subprocess.run(command, capture_output=True, text=True, cwd=run.ROOT, check=False)
    if done.returncode:
        raise BenchError(f"bench/esco_cold.py failed on {server.framework}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(servers: dict[str, Server], args: argparse.Namespace) -> tuple[dict, dict]:
    """Rounds of: the cold timings on each framework, then each page on one framework and
    the other. Returns each framework's wrk runs by page, and its cold runs."""
    runs = {f: {name: [] for name in servers[f].pages} for f in FRAMEWORKS}
    cold: dict[str, list[dict]] = {f: [] for f in FRAMEWORKS}
    for number in range(1, args.rounds + 1):
        order = FRAMEWORKS if number % 2 else FRAMEWORKS[::-1]
        for framework in order:
            log(f"round {number}/{args.rounds}: cold reports on {framework}")
            cold[framework].append(time_cold(servers[framework]))
        for name in ORDER:
            for framework in order:
                page = servers[framework].pages.get(name)
                if page is None:
                    continue
                log(f"round {number}/{args.rounds}: {framework} {page.method} {page.path}")
                browser = servers[framework].browser
                single = drain(browser, page)
                if args.warmup:
                    run.run_wrk(browser, page, args.warmup, args)
                result = run.run_wrk(browser, page, args.duration, args)
                runs[framework][name].append(result | ({"single_ms": single} if single else {}))
    return runs, cold


def drain(browser: Browser, page: Page | None = None) -> float | None:
    """Wait until the server has answered what wrk left queued (on the slowest pages, wrk
    stops with requests still waiting, and they would load the next page's measurement),
    then view `page` once: after the round's cold timings renewed the framework version,
    16 connections would otherwise all rebuild the same cached parts at once for seconds.
    Returns that one view's milliseconds: a figure even for a page too slow for wrk to
    finish a request in `--duration`."""
    browser.request("GET", "/healthz", timeout=300)
    if page is None or page.method != "GET":
        return None
    started = time.perf_counter()
    browser.request("GET", page.path, timeout=300)
    return round((time.perf_counter() - started) * 1000, 1)


def combine(server: Server, runs: dict[str, list[dict]]) -> list[dict]:
    """Per page: medians over rounds, with the ratios to /healthz and to the page shell of
    the same server in the same round."""
    healthz, shell = [r["rps"] for r in runs["healthz"]], [r["rps"] for r in runs[SHELL]]
    rows = []
    for name in ORDER:
        if name not in server.pages:
            continue
        page = server.pages[name]
        row = run.combine_rounds(page, runs[name], healthz, shell)
        row["html_bytes"] = server.sizes.get(name)
        rows.append(row)
    return rows


def combine_cold(rounds: list[dict]) -> dict[str, float | None]:
    merged: dict[str, list] = {}
    for one in rounds:
        for name, values in one["runs"].items():
            merged.setdefault(name, []).extend(values)
    return {
        name: None if None in values else round(statistics.median(values), 1)
        for name, values in merged.items()
    }


def benchmark(args: argparse.Namespace) -> dict:
    from django.db import connections

    servers = {f: Server(f, database_path(args.scale, f)) for f in FRAMEWORKS}
    prepared = earlier_preparation(args.scale) if args.skip_seed else prepare(args, servers)
    if args.skip_seed:
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    found = {f: describe_database(servers[f]) for f in FRAMEWORKS}
    host = run.machine()
    connections.close_all()
    wanted = set(ORDER) if args.pages == ",".join(run.PAGE_NAMES) else set(args.pages.split(","))
    wanted |= {"healthz", SHELL}
    try:
        for framework in FRAMEWORKS:
            start(servers[framework], args, wanted, found[framework])
        runs, cold = measure(servers, args)
        for server in servers.values():
            drain(server.browser)
            run.check_pages(server.browser, list(server.pages.values()))
    finally:
        for server in servers.values():
            if server.process is not None:
                run.stop_gunicorn(server.process)
    report = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": "esco-full",
        "scale": args.scale,
        "search_text": SEARCH_TEXT,
        "prepared": prepared,
        "machine": host | {"load_average_at_end": os.getloadavg()[0]},
        "load": run.load_settings(args),
        "frameworks": {
            f: {
                "database": servers[f].describe,
                "pages": combine(servers[f], runs[f]),
                "cold_ms": combine_cold(cold[f]),
                "cold_rounds": cold[f],
            }
            for f in FRAMEWORKS
        },
    }
    report["targets"] = check_targets(report)
    return report


def check_targets(report: dict) -> list[dict]:
    """Issue 22's targets, each with the figure measured and whether it is met."""
    shipped, esco = (report["frameworks"][f] for f in FRAMEWORKS)
    checks = []

    def check(name: str, measured, met: bool | None) -> None:
        checks.append({"target": name, "measured": measured, "met": met})

    for view in ("report", "report_json", "report_imported", "report_imported_json"):
        ms, floor = esco["cold_ms"].get(view), shipped["cold_ms"].get(view.replace("_imported", ""))
        limit = max(COLD_MS, floor or 0)
        check(f"cold {view} <= {limit:g} ms in-process", ms, None if ms is None else ms <= limit)
    for view in ("report", "report_imported"):
        ms = esco["cold_ms"].get(f"moves_{view}")
        check(f"moves of {view} <= {MOVES_MS} ms", ms, None if ms is None else ms <= MOVES_MS)
    sizes = {r["page"]: r["html_bytes"] for r in esco["pages"] if r["html_bytes"]}
    biggest = max(sizes, key=sizes.get)
    check(
        f"no page over {MAX_HTML_BYTES // 1000} kB (largest: {biggest})",
        sizes[biggest],
        sizes[biggest] <= MAX_HTML_BYTES,
    )
    ratios = {r["page"]: r["shell_ratio"] for r in esco["pages"]}
    for page in SEARCH_PAGES:
        if page in ratios:
            check(f"{page} >= {SEARCH_FLOOR}x {SHELL}", ratios[page], ratios[page] >= SEARCH_FLOOR)
    before = {r["page"]: r["shell_ratio"] for r in shipped["pages"]}
    drifts = {p: ratios[p] / before[p] - 1 for p in ratios if before.get(p)}
    outside = sorted(p for p, d in drifts.items() if abs(d) > DRIFT)
    check(
        f"every page's ratio to {SHELL} within {DRIFT:.0%} of the shipped framework's",
        {p: round(d, 3) for p, d in drifts.items()},
        not outside,
    )
    seconds = (report["prepared"] or {}).get("import", {}).get("total_seconds")
    check(
        f"importing all of ESCO < {IMPORT_SECONDS} s",
        seconds,
        None if seconds is None else seconds < IMPORT_SECONDS,
    )
    return checks


def print_report(report: dict) -> None:
    """Per page: the shipped framework's figures, then ESCO's (ratios, kB, one view's ms)."""
    shipped, esco = (report["frameworks"][f] for f in FRAMEWORKS)
    before = {r["page"]: r for r in shipped["pages"]}
    head = f"{'page':<22}" + _columns("x healthz", "x shell", "kB", "1 view ms") * 2
    print(f"{'':<22}{'shipped framework (25 rungs)':<40}{'all of ESCO imported':<40}")
    print(head + f"{'change':>8}\n" + "-" * (len(head) + 8))
    for r in esco["pages"]:
        b = before.get(r["page"])
        change = f"{r['shell_ratio'] / b['shell_ratio'] - 1:+.0%}" if b and b["shell_ratio"] else ""
        print(f"{r['page']:<22}{_figures(b)}{_figures(r)}{change:>8}")
    print("\nin-process cold views, median ms:")
    for framework in FRAMEWORKS:
        print(f"  {framework}: {report['frameworks'][framework]['cold_ms']}")
    if report["prepared"]:
        print(f"\nESCO import: {report['prepared']['import']}")
    print("\ntargets:")
    for t in report["targets"]:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[t["met"]]
        print(f"  [{mark}] {t['target']}: {t['measured']}")


def _columns(*names: str) -> str:
    return "".join(f"{name:>10}" for name in names)


def _figures(row: dict | None) -> str:
    if row is None:
        return " " * 40
    single = row.get("single_ms")
    return _columns(
        f"{row['ratio']:.2f}",
        f"{row['shell_ratio']:.2f}",
        _kb(row["html_bytes"]),
        "" if single is None else f"{single:,.0f}",
    )


def _kb(size: int | None) -> str:
    return "" if size is None else f"{size / 1000:,.0f}"


def results_path(scale: float) -> Path:
    return run.RESULTS / "esco-full" / f"{scale}-sqlite.json"


def earlier_preparation(scale: float) -> dict | None:
    """With --skip-seed: the seeding and import figures of the run that made the databases,
    marked as such, from its results (none if there are none)."""
    path = results_path(scale)
    earlier = json.loads(path.read_text()).get("prepared") if path.exists() else None
    return earlier and earlier | {"from_earlier_run": True}


def write_report(report: dict) -> Path:
    out = results_path(report["scale"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    return out
