"""Benchmark SkillGap end to end: seed a database, serve it with gunicorn, load it with wrk.

    make bench                                   # full scale, SQLite file under /tmp
    make bench ARGS=--redis                      # the same, with its own Redis as the cache
    .venv/bin/python bench/run.py --scale 0.01   # 1/100th of the data
    DATABASE_URL=postgres://app:app@127.0.0.1:54410/app .venv/bin/python bench/run.py

DATABASE_URL, when set, must name a throwaway PostgreSQL database on this machine: its
public schema is dropped and rebuilt (unless --skip-seed). Everything listens on and
targets 127.0.0.1 only. Each page is measured in the same run as /healthz and as
`ref_page_shell` (the signed-in page frame, bench/urls.py), and reported as a ratio to each,
because wrk and the server share this machine's cores.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
WRK_SCRIPT = BENCH / "wrk" / "bench.lua"
LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
# What wrk sends: not the flash-message cookie a pre-check save leaves, which would make
# every page render (and clear) a "Draft saved" message.
SIGNED_IN_COOKIES = ("sessionid", "csrftoken")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PAGE_NAMES = (
    "healthz",
    "home",
    "role",
    "dashboard",
    "form",
    "save",
    "step",
    "step_save",
    "report",
    "report_reviewed",
    "report_json",
    "report_csv",
    "team",
    "plan",
)
# bench/urls.py's floors under the real pages; loaded with --references (or by name).
# The page frame is the floor every signed-in page pays: it always runs beside /healthz, so
# every page has its ratio to both from the same rounds.
SHELL = "ref_page_shell"
ALWAYS = ("healthz", SHELL)
REFERENCE_NAMES = (
    "ref_signed_in",
    "ref_page_shell",
    "ref_owned",
    "ref_step_data",
    "ref_save_only",
    "ref_report_body",
)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    expect: int = 200
    body: str = ""  # url-encoded form: the page is a POST

    @property
    def method(self) -> str:
        return "POST" if self.body else "GET"


class BenchError(Exception):
    """A set-up step failed; the message says which and what to look at."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10,000 people (default)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds per page")
    parser.add_argument(
        "--shell-duration",
        type=int,
        default=1,
        help=f"with --esco-full: seconds of {SHELL}, measured right before each page",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=2,
        help=f"with --esco-full: {SHELL}-then-page pairs per page, framework and round",
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=1, help="repeat and keep medians")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--worker-class", choices=("sync", "gthread"), default="sync", help="gunicorn workers"
    )
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per gthread")
    parser.add_argument(
        "--pages",
        default=",".join(PAGE_NAMES),
        help=f"comma-separated subset of {', '.join(PAGE_NAMES)} (healthz and {SHELL} always run)",
    )
    parser.add_argument(
        "--references",
        action="store_true",
        help="also load bench/urls.py's reference pages: the floors under the real ones",
    )
    parser.add_argument(
        "--skip-seed", action="store_true", help="reuse the database of an earlier run"
    )
    parser.add_argument(
        "--redis",
        action="store_true",
        help="start a throwaway redis-server and use it as the cache (REDIS_URL)",
    )
    parser.add_argument(
        "--esco-full",
        action="store_true",
        help="every ESCO occupation imported, beside the shipped framework (bench/esco_full.py)",
    )
    parser.add_argument(
        "--reimport",
        action="store_true",
        help="with --esco-full: reuse (and migrate) the shipped database, import ESCO afresh",
    )
    args = parser.parse_args(argv)
    from bench.esco_full import EXTRA_NAMES

    known = PAGE_NAMES + REFERENCE_NAMES + (EXTRA_NAMES if args.esco_full else ())
    unknown = set(args.pages.split(",")) - set(known)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    return args


def database_url(scale: float) -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:////tmp/skillgap-bench-{scale}.sqlite3"
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres") and parts.hostname not in LOOPBACK_NAMES:
        raise BenchError(f"DATABASE_URL must point at this machine, not {parts.hostname!r}.")
    if not parts.scheme.startswith(("postgres", "sqlite")):
        raise BenchError(f"DATABASE_URL must be sqlite or postgres, not {parts.scheme!r}.")
    return url


def production_env(url: str) -> dict[str, str]:
    """Production settings, but plain HTTP on loopback (no HTTPS redirect), and the URLs of
    bench/urls.py: the product's and the reference pages."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": url,
    }


@contextlib.contextmanager
def throwaway_redis() -> Iterator[str]:
    """A redis-server of its own on a free loopback port, stopped afterwards: its URL."""
    env = {**os.environ, "REDIS_PORT": str(free_port()), "REDIS_DIR": "/tmp/skillgap-bench-redis"}
    started = subprocess.run(
        [str(ROOT / "scripts" / "redis_temp_start.sh")], env=env, capture_output=True, text=True
    )
    if started.returncode:
        raise BenchError(f"Could not start redis-server: {started.stderr.strip()}")
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "redis_temp_stop.sh")], env=env, check=False)


def setup_django(url: str, **extra_env: str) -> None:
    os.environ.update(production_env(url) | extra_env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reset_database() -> None:
    """Start from nothing: delete the SQLite file, or drop PostgreSQL's public schema."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{connection.settings_dict['NAME']}{suffix}").unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def prepare_database(scale: float) -> dict:
    from django.core.management import call_command

    from bench import seed

    reset_database()
    log("migrating a fresh database")
    call_command("migrate", interactive=False, verbosity=0)
    log(f"seeding at scale {scale}")
    cpu = time.process_time()
    summary = seed.seed(scale=scale).as_dict()
    summary["cpu_seconds"] = round(time.process_time() - cpu, 1)
    return summary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def start_gunicorn(
    port: int, args: argparse.Namespace, logfile: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "skillgap.wsgi:application",
        f"--bind={LOOPBACK}:{port}",
        f"--workers={args.workers}",
        f"--worker-class={args.worker_class}",
        f"--error-logfile={logfile}",
        "--log-level=warning",
        "--timeout=60",
        "--graceful-timeout=5",
    ]
    if args.worker_class == "gthread":
        command.append(f"--threads={args.worker_threads}")
    # Its own process group, so stopping it also stops its workers.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def wait_until_ready(server: subprocess.Popen, port: int, logfile: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}; see {logfile}")
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz within 30 s; see {logfile}")


class Browser:
    """Just enough of a browser for set-up: keeps cookies and never follows redirects.

    It sends Secure cookies over plain HTTP too, which a real browser would not: the
    server runs production settings on loopback without TLS.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def cookie_header(self, names: tuple[str, ...] | None = None) -> str:
        return "; ".join(
            f"{name}={value}"
            for name, value in self.cookies.items()
            if names is None or name in names
        )

    def request(
        self, method: str, path: str, body: str = "", timeout: float = 30
    ) -> tuple[int, str]:
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        if body:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
            }
        conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
            return response.status, text
        finally:
            conn.close()

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            name, _, value = header.split(";", 1)[0].partition("=")
            if value.strip('"'):
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)


def csrf_token(html: str, where: str) -> str:
    match = CSRF_FIELD.search(html)
    if not match:
        raise BenchError(f"No csrfmiddlewaretoken in {where}.")
    return match.group(1)


def log_in(browser: Browser, email: str, password: str) -> None:
    """Sign in through the real login form, as a person would."""
    status, html = browser.request("GET", "/accounts/login/")
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}, not 200.")
    form = {"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(html, "login")}
    status, _ = browser.request("POST", "/accounts/login/", urlencode(form))
    if status != 302 or "sessionid" not in browser.cookies:
        raise BenchError(f"Logging in as {email} answered {status} without a session cookie.")


def page_paths(targets) -> dict[str, str]:
    """Each benchmarked page's path, for person 0's report and draft."""
    form = f"/assessments/{targets.draft_id}/"
    report = f"/assessments/{targets.report_id}/report"
    return {
        "healthz": "/healthz",
        "ref_signed_in": "/bench/signed-in",
        "ref_page_shell": "/bench/page-shell",
        "ref_owned": f"/bench/owned/{targets.draft_id}",
        "ref_step_data": f"/bench/step-data/{targets.draft_id}?step=1",
        "ref_save_only": f"/bench/save-only/{targets.draft_id}",
        "ref_report_body": f"/bench/report-body/{targets.report_id}",
        "home": "/",
        "role": f"/roles/{targets.role_slug}/",
        "dashboard": "/assessments/",
        "form": form,
        "save": form,
        "step": f"{form}?step=1",
        "step_save": form,
        "report": f"{report}/",
        "report_reviewed": f"/assessments/{targets.reviewed_id}/report/",
        "report_json": f"{report}.json",
        "report_csv": f"{report}.csv",
        "team": f"/teams/{targets.team_slug}/?rung={targets.team_rung_id}",
        "plan": "/plan/",
    }


def save_body(csrf: str, targets) -> str:
    """The rating form as a save posts it: every required skill rated, notes empty."""
    return urlencode({"csrfmiddlewaretoken": csrf, **targets.draft_form, "action": "save"})


def step_save_body(csrf: str, targets) -> str:
    """Step 1 of the rating form as its "Save and continue" posts it."""
    return urlencode({"csrfmiddlewaretoken": csrf, **targets.step_form})


def build_pages(browser: Browser, targets) -> list[Page]:
    paths = page_paths(targets)
    status, html = browser.request("GET", paths["form"])
    if status != 200:
        raise BenchError(f"The rating form {paths['form']} answered {status}, not 200.")
    csrf = csrf_token(html, paths["form"])
    step_body = step_save_body(csrf, targets)
    bodies = {"save": save_body(csrf, targets), "step_save": step_body, "ref_save_only": step_body}
    return [
        Page(name, path, 302, bodies[name]) if name in bodies else Page(name, path)
        for name, path in paths.items()
    ]


def check_pages(browser: Browser, pages: list[Page]) -> None:
    """Every page must answer as expected before (and after) the load, or numbers lie."""
    wrong = []
    for page in pages:
        status, _ = browser.request(page.method, page.path, page.body)
        if status != page.expect:
            wrong.append(f"  {page.method} {page.path}: {status}, expected {page.expect}")
    if wrong:
        raise BenchError("Pages did not answer as expected:\n" + "\n".join(wrong))


def run_wrk(browser: Browser, page: Page, seconds: int, args: argparse.Namespace) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        f"--script={WRK_SCRIPT}",
        f"--header=Cookie: {browser.cookie_header(SIGNED_IN_COOKIES)}",
    ]
    if page.body:
        command.append(f"--header=Origin: {browser.origin}")
    command.append(browser.origin + page.path)
    env = {**os.environ, "BENCH_BODY": page.body}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise BenchError(f"wrk printed no summary for {page.path}:\n{done.stdout}{done.stderr}")
    return summarise(json.loads(line.removeprefix("BENCH_JSON ")))


def summarise(raw: dict) -> dict:
    latency = raw["latency_us"]
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "requests": raw["requests"],
        "errors": sum(raw["errors"].values()),
        **{f"{p}_ms": round(latency[p] / 1000, 2) for p in ("p50", "p90", "p95", "p99")},
        "max_ms": round(latency["max"] / 1000, 2),
    }


def measure(browser: Browser, pages: list[Page], args: argparse.Namespace) -> list[dict]:
    """Load each page in turn, `rounds` times; keep the median of each number."""
    runs: dict[str, list[dict]] = {page.name: [] for page in pages}
    for round_number in range(1, args.rounds + 1):
        for page in pages:
            log(f"round {round_number}/{args.rounds}: {page.method} {page.path}")
            if args.warmup:
                run_wrk(browser, page, args.warmup, args)
            runs[page.name].append(run_wrk(browser, page, args.duration, args))
    healthz, shell = [r["rps"] for r in runs["healthz"]], [r["rps"] for r in runs[SHELL]]
    return [combine_rounds(page, runs[page.name], healthz, shell) for page in pages]


def combine_rounds(
    page: Page, rounds: list[dict], healthz: list[float], shell: list[float]
) -> dict:
    """One row per page: counts summed over the rounds, rates and latencies as medians, and
    the throughput ratio of each round to that round's /healthz (`ratio`) and page frame
    (`shell_ratio`), each as a median over the rounds."""
    row = {"page": page.name, "method": page.method, "path": page.path}
    for key in rounds[0]:
        values = [r[key] for r in rounds]
        row[key] = sum(values) if key in ("requests", "errors") else statistics.median(values)
    row["ratio"] = median_ratio(rounds, healthz)
    row["shell_ratio"] = median_ratio(rounds, shell)
    row["rounds_rps"] = [r["rps"] for r in rounds]
    row["rounds_p95_ms"] = [r["p95_ms"] for r in rounds]
    return row


def median_ratio(rounds: list[dict], floor: list[float]) -> float:
    """The median over rounds of a page's req/s divided by the floor's in the same round."""
    return round(statistics.median(r["rps"] / f for r, f in zip(rounds, floor, strict=True)), 3)


def machine() -> dict:
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 0")
        server = " ".join(str(cursor.fetchone()[0]).split()[:2])  # "PostgreSQL 15.18"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "cache": "redis" if os.environ.get("REDIS_URL") else "database",
        "database_version": server if connection.vendor == "postgresql" else _sqlite_version(),
        "load_average_at_start": os.getloadavg()[0],
        "commit": _git_commit(),
    }


def _sqlite_version() -> str:
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def _git_commit() -> str:
    """HEAD, marked dirty if code differs from it (earlier results do not count)."""
    head = _git("rev-parse", "--short", "HEAD")
    changed = _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
    return f"{head}-dirty" if changed else head


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def print_table(results: list[dict]) -> None:
    head = f"{'page':<15} {'method':<6} {'req/s':>8} {'x shell':>8} {'x healthz':>9} "
    head += f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}  path"
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r['page']:<15} {r['method']:<6} {r['rps']:>8.1f} {r['shell_ratio']:>8.2f} "
            f"{r['ratio']:>9.2f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} "
            f"{r['errors']:>7}  {r['path']}"
        )


def write_outputs(report: dict) -> tuple[Path, Path]:
    from bench.chart import render_svg

    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{report['scale']}-{report['machine']['database']}-{report['machine']['cache']}"
    json_path, svg_path = RESULTS / f"{stem}.json", RESULTS / f"{stem}.svg"
    json_path.write_text(json.dumps(report, indent=2) + "\n")
    svg_path.write_text(render_svg(report))
    return json_path, svg_path


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def benchmark(args: argparse.Namespace) -> dict:
    from django.core.management import call_command
    from django.db import connections

    from bench import seed

    seeded = None if args.skip_seed else prepare_database(args.scale)
    call_command("collectstatic", interactive=False, verbosity=0)
    targets, rows, host = seed.bench_targets(), seed.count_rows(), machine()
    connections.close_all()  # the server gets the database to itself
    port, logfile = free_port(), Path(f"/tmp/skillgap-bench-gunicorn-{os.getpid()}.log")
    log(f"starting gunicorn on {LOOPBACK}:{port} (log: {logfile})")
    server = start_gunicorn(port, args, logfile)
    try:
        wait_until_ready(server, port, logfile)
        browser = Browser(port)
        log_in(browser, targets.email, targets.password)
        wanted = wanted_pages(args)
        pages = [p for p in build_pages(browser, targets) if p.name in wanted]
        check_pages(browser, pages)
        results = measure(browser, pages, args)
        check_pages(browser, pages)
    finally:
        stop_gunicorn(server)
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "seed": seeded,
        "rows": rows,
        "signed_in": targets.describe(),
        "machine": host | {"load_average_at_end": os.getloadavg()[0]},
        "load": load_settings(args),
        "pages": results,
    }


def wanted_pages(args: argparse.Namespace) -> set[str]:
    """The pages asked for, the reference pages with --references, and always /healthz and
    the page frame, so every page gets both ratios."""
    return {*ALWAYS, *args.pages.split(","), *(REFERENCE_NAMES if args.references else ())}


def load_settings(args: argparse.Namespace) -> dict:
    return {
        "tool": "wrk 4.1.0",
        "connections": args.connections,
        "threads": args.threads,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "rounds": args.rounds,
        "server": f"gunicorn, {args.workers} {args.worker_class} workers",
    }


def _interrupt(signum: int, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # On SIGTERM (e.g. from `timeout`), unwind like Ctrl-C so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with contextlib.ExitStack() as stack:
            cache = {"REDIS_URL": stack.enter_context(throwaway_redis())} if args.redis else {}
            if args.esco_full:
                return run_esco_full(args, cache)
            setup_django(database_url(args.scale), **cache)
            report = benchmark(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    if report["seed"]:
        s = report["seed"]
        log(f"seeded in {s['seconds']} s wall, {s['cpu_seconds']} s CPU (this process)")
    print_table(report["pages"])
    json_path, svg_path = write_outputs(report)
    log(f"wrote {json_path.relative_to(ROOT)} and {svg_path.relative_to(ROOT)}")
    return 0


def run_esco_full(args: argparse.Namespace, cache: dict[str, str]) -> int:
    from bench import esco_full

    if os.environ.get("DATABASE_URL"):
        raise BenchError("--esco-full runs on its own SQLite files: unset DATABASE_URL.")
    setup_django(f"sqlite:///{esco_full.database_path(args.scale, 'shipped')}", **cache)
    report = esco_full.benchmark(args)
    written = esco_full.write_report(report)
    esco_full.print_report(report)
    log(f"wrote {written.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    # Run as the package's module, so bench/esco_full.py raises the BenchError caught here.
    sys.path.insert(0, str(ROOT))
    from bench.run import main as bench_main

    sys.exit(bench_main())
