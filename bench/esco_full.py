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

The page frame is loaded again right before each page, on the same server, and the page's
ratio to it is taken from that pair: the machine is shared, and its load changes several
fold within a round, so a frame measured once a round, minutes before the page, made the
ratio (and so the comparison of the two frameworks) mostly a measure of that change.
"""

from __future__ import annotations

import argparse
import contextlib
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

import psutil

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


def measure(
    servers: dict[str, Server], args: argparse.Namespace, each_round=None
) -> tuple[dict, dict]:
    """Rounds of: the cold timings on each framework, then each page on one framework and
    the other. Each page is measured in `--pairs` pairs on each framework in turn: the page
    frame, then the page, on the same server. Returns each framework's wrk runs by page (one
    a round, its pairs merged), and its cold runs; `each_round(runs, cold, rounds_done)` is
    called after every round."""
    runs = {f: {name: [] for name in servers[f].pages} for f in FRAMEWORKS}
    cold: dict[str, list[dict]] = {f: [] for f in FRAMEWORKS}
    for number in range(1, args.rounds + 1):
        order = FRAMEWORKS if number % 2 else FRAMEWORKS[::-1]
        for framework in order:
            log(f"round {number}/{args.rounds}: cold reports on {framework}")
            cold[framework].append(time_cold(servers[framework]))
        for name in ORDER:
            loaded = [servers[f] for f in order if name in servers[f].pages]
            singles = {}
            for server in loaded:
                page = server.pages[name]
                log(f"round {number}/{args.rounds}: {server.framework} {page.method} {page.path}")
                singles[server.framework] = drain(server.browser, page)
                if args.warmup:
                    run.run_wrk(server.browser, page, args.warmup, args)
            pairs = {server.framework: [] for server in loaded}
            for _ in range(args.pairs):
                for server in loaded:
                    pairs[server.framework].append(measure_pair(server, name, args))
            for server in loaded:
                merged = merge_pairs(pairs[server.framework])
                merged["load_1m"] = round(os.getloadavg()[0], 2)
                if singles[server.framework]:
                    merged["single_ms"] = singles[server.framework]
                runs[server.framework][name].append(merged)
        if each_round:
            each_round(runs, cold, number)
    return runs, cold


def measure_pair(server: Server, name: str, args: argparse.Namespace) -> dict:
    """The page frame, then the page, on one server (the frame alone if it is the page)."""
    pair = {}
    if name != SHELL:
        drain(server.browser)
        pair["shell"] = timed_wrk(server, server.pages[SHELL], args.shell_duration, args)
    drain(server.browser)
    pair["page"] = timed_wrk(server, server.pages[name], args.duration, args)
    return pair


def merge_pairs(pairs: list[dict]) -> dict:
    """One round's figures for a page from its pairs: the page's wrk figures (counts summed,
    the rest medians), the frame's req/s and CPU per request (medians), and the page's
    ratio to the frame, the median of each pair's own, by req/s (`pair_ratio`) and by the
    server's CPU per request (`pair_cpu_ratio`). With no frame in the pairs, both are 1."""
    pages = [pair["page"] for pair in pairs]
    merged = {
        key: sum(p[key] for p in pages)
        if key in ("requests", "errors")
        else statistics.median(p[key] for p in pages)
        for key in pages[0]
    }
    shells = [pair["shell"] for pair in pairs if "shell" in pair]
    if len(shells) != len(pairs):
        return merged | {"pair_ratio": 1.0, "pair_cpu_ratio": 1.0}
    both = list(zip(pages, shells, strict=True))
    by_rps = [p["rps"] / s["rps"] if s["rps"] else 0.0 for p, s in both]
    by_cpu = [s["cpu_ms"] / p["cpu_ms"] if p["cpu_ms"] else 0.0 for p, s in both]
    return merged | {
        "shell_rps": statistics.median(s["rps"] for s in shells),
        "shell_cpu_ms": statistics.median(s["cpu_ms"] for s in shells),
        "pair_ratio": round(statistics.median(by_rps), 4),
        "pair_cpu_ratio": round(statistics.median(by_cpu), 4),
    }


def timed_wrk(server: Server, page: Page, seconds: int, args: argparse.Namespace) -> dict:
    """A wrk run, with the CPU milliseconds the server's processes spent per request in it:
    moved far less than req/s by what else the shared machine runs at the time."""
    before = server_cpu(server.process.pid)
    result = run.run_wrk(server.browser, page, seconds, args)
    return result | {"cpu_ms": cpu_per_request(before, server_cpu(server.process.pid), result)}


def server_cpu(pid: int) -> dict[int, float]:
    """CPU seconds of gunicorn's master `pid` and each of its workers, to the nanosecond
    (the scheduler's run time of every thread; /proc/PID/stat counts in 10 ms ticks)."""
    master = psutil.Process(pid)
    processes = {}
    for process in (master, *master.children()):
        with contextlib.suppress(OSError):  # a worker that exits in between counts no more
            tasks = list(Path(f"/proc/{process.pid}/task").glob("*/schedstat"))
            if tasks:
                processes[process.pid] = sum(int(t.read_text().split()[0]) / 1e9 for t in tasks)
    return processes


def cpu_per_request(before: dict[int, float], after: dict[int, float], result: dict) -> float:
    """Milliseconds of server CPU a request between two `server_cpu` readings: a worker
    started in between counts from nothing."""
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return round(1000 * spent / max(result["requests"], 1), 3)


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
    """Per page: medians over rounds, with the ratios to /healthz of the same server in the
    same round, and to the page frame measured beside the page in the same round, by req/s
    (`shell_ratio`) and by the server's CPU per request (`shell_cpu_ratio`)."""
    healthz, shell = [r["rps"] for r in runs["healthz"]], [r["rps"] for r in runs[SHELL]]
    rows = []
    for name in ORDER:
        if name not in server.pages:
            continue
        row = run.combine_rounds(server.pages[name], runs[name], healthz, shell)
        row |= paired_ratios(runs[name])
        row["html_bytes"] = server.sizes.get(name)
        rows.append(row)
    return rows


def paired_ratios(rounds: list[dict]) -> dict:
    """A page's ratios to the page frame: the medians over rounds of each round's ratio to
    the frame measured beside it, by req/s and by server CPU per request, with each round's."""
    by_rps = [r["pair_ratio"] for r in rounds]
    by_cpu = [r["pair_cpu_ratio"] for r in rounds]
    return {
        "shell_ratio": round(statistics.median(by_rps), 3),
        "shell_cpu_ratio": round(statistics.median(by_cpu), 3),
        "rounds_shell_ratio": by_rps,
        "rounds_shell_cpu_ratio": by_cpu,
    }


# The two ways a page's ratio to the page frame is measured, compared between frameworks.
RATIO_KEYS = {"rps": "shell_ratio", "cpu": "shell_cpu_ratio"}


def compare_ratios(shipped: list[dict], esco: list[dict], limit: float = DRIFT) -> list[dict]:
    """Per page both frameworks have, for each way of measuring its ratio to the page frame
    (req/s, server CPU per request): the ratio on each, the change from the shipped
    framework's to ESCO's, and whether it stays within `limit` (issue 22)."""
    before = {r["page"]: r for r in shipped}
    rows = []
    for r in esco:
        if r["page"] not in before:
            continue
        b = before[r["page"]]
        rows.append(
            {"page": r["page"]}
            | {name: drift(b.get(key), r.get(key), limit) for name, key in RATIO_KEYS.items()}
        )
    return rows


def drift(shipped: float | None, esco: float | None, limit: float) -> dict | None:
    """One ratio on both frameworks, its relative change, and whether that is within `limit`
    either way; none unless both were measured."""
    if not shipped or esco is None:
        return None
    change = round(esco / shipped - 1, 3)
    return {"shipped": shipped, "esco": esco, "change": change, "within": abs(change) <= limit}


def load_during(runs: dict[str, dict[str, list[dict]]]) -> dict[str, float] | None:
    """The machine's 1-minute load average over the measurements: least, median, most."""
    loads = [r["load_1m"] for pages in runs.values() for rs in pages.values() for r in rs]
    loads = [x for x in loads if x is not None]
    if not loads:
        return None
    return {"min": min(loads), "median": round(statistics.median(loads), 2), "max": max(loads)}


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

    def report(runs: dict, cold: dict, rounds_done: int) -> dict:
        return build_report(args, servers, prepared, host, runs, cold, rounds_done)

    def write_partial(runs: dict, cold: dict, rounds_done: int) -> None:
        if rounds_done < args.rounds:  # what a stopped run leaves
            log(f"wrote {write_report(report(runs, cold, rounds_done))} ({rounds_done} rounds)")

    try:
        for framework in FRAMEWORKS:
            start(servers[framework], args, wanted, found[framework])
        runs, cold = measure(servers, args, write_partial)
        for server in servers.values():
            drain(server.browser)
            run.check_pages(server.browser, list(server.pages.values()))
    finally:
        for server in servers.values():
            if server.process is not None:
                run.stop_gunicorn(server.process)
    return report(runs, cold, args.rounds)


def build_report(
    args: argparse.Namespace,
    servers: dict[str, Server],
    prepared: dict | None,
    host: dict,
    runs: dict,
    cold: dict,
    rounds_done: int,
) -> dict:
    report = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": "esco-full",
        "scale": args.scale,
        "search_text": SEARCH_TEXT,
        "prepared": prepared,
        "machine": host
        | {"load_average_at_end": os.getloadavg()[0], "load_1m_during": load_during(runs)},
        "load": run.load_settings(args)
        | {"shell_duration_s": args.shell_duration, "pairs": args.pairs},
        "rounds_done": rounds_done,
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
    shipped, esco = (report["frameworks"][f]["pages"] for f in FRAMEWORKS)
    report["ratio_drift"] = {"limit": DRIFT, "pages": compare_ratios(shipped, esco)}
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
    pages = report.get("ratio_drift", {}).get("pages") or compare_ratios(
        shipped["pages"], esco["pages"]
    )
    for name, how in (("rps", "req/s"), ("cpu", "server CPU per request")):
        measured = {d["page"]: d[name]["change"] for d in pages if d.get(name)}
        if not measured:
            continue
        outside = [d["page"] for d in pages if d.get(name) and not d[name]["within"]]
        check(
            f"every page's ratio to {SHELL} ({how}) within {DRIFT:.0%} of the shipped "
            "framework's" + (f" (outside: {', '.join(outside)})" if outside else ""),
            measured,
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
    """Per page: the shipped framework's figures, then ESCO's (ratios, kB, one view's ms);
    then each page's ratio to the page frame on both, by req/s and by server CPU, with the
    change and whether it is within issue 22's limit."""
    shipped, esco = (report["frameworks"][f] for f in FRAMEWORKS)
    before = {r["page"]: r for r in shipped["pages"]}
    head = f"{'page':<22}" + _columns("x healthz", "x shell", "kB", "1 view ms") * 2
    print(f"{'':<22}{'shipped framework (25 rungs)':<40}{'all of ESCO imported':<40}")
    print(head + "\n" + "-" * len(head))
    for r in esco["pages"]:
        print(f"{r['page']:<22}{_figures(before.get(r['page']))}{_figures(r)}")
    print_drift(report.get("ratio_drift") or {"limit": DRIFT, "pages": []})
    print(f"\nload average (1 min) while measuring: {report['machine'].get('load_1m_during')}")
    print("\nin-process cold views, median ms:")
    for framework in FRAMEWORKS:
        print(f"  {framework}: {report['frameworks'][framework]['cold_ms']}")
    if report["prepared"]:
        print(f"\nESCO import: {report['prepared']['import']}")
    print("\ntargets:")
    for t in report["targets"]:
        mark = {True: "met", False: "NOT MET", None: "n/a"}[t["met"]]
        print(f"  [{mark}] {t['target']}: {t['measured']}")


def print_drift(drift: dict) -> None:
    """The ratio to the page frame, shipped framework then ESCO, its change and pass/fail."""
    limit = f"<={drift['limit']:.0%}"
    print(f"\nx {SHELL}, shipped -> ESCO (medians over rounds; the frame measured right before")
    print("each page on the same server), by req/s and by the server's CPU per request:")
    cells = ("shipped", "esco", "change", limit)
    head = f"{'page':<22}" + "".join(f"{c:>9}" for c in cells * 2)
    print(f"{'':<22}{'req/s':>36}{'server CPU':>36}\n{head}\n" + "-" * len(head))
    for d in drift["pages"]:
        print(f"{d['page']:<22}" + "".join(_drift_cells(d.get(name)) for name in RATIO_KEYS))


def _drift_cells(one: dict | None) -> str:
    if one is None:
        return " " * 36
    mark = "pass" if one["within"] else "FAIL"
    cells = (f"{one['shipped']:.2f}", f"{one['esco']:.2f}", f"{one['change']:+.0%}", mark)
    return "".join(f"{c:>9}" for c in cells)


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
