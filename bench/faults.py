"""A load test with faults: whole journeys while Redis, PostgreSQL and the workers fail.

Starts a throwaway PostgreSQL and Redis, an SMTP sink (aiosmtpd writing a Maildir), two
gunicorn servers (production settings), a Celery worker and beat on them, with every mail
going through the outbox and the worker; signs up a small fixed group of people through
the real sign-up form, confirming each from the sink, so that the load itself never pays
for password hashing; then runs locust (bench/faults_locustfile.py) for the chosen time
while, one after the other, it restarts Redis (the cache and the broker), restarts
PostgreSQL, kills one gunicorn worker and then the Celery worker with SIGKILL (starting
the Celery worker again, as a supervisor would). It prints throughput, p50/p95/p99 latency,
4xx answers and errors (a 5xx or no answer) per phase; then waits for the outbox to empty,
and checks every write the app acknowledged (2xx or 3xx) in the database (every rating,
submission, review request, second opinion and share link must be there, and no
submitted assessment or review may be half-written) and every mail the run caused
against the sink (each delivered, none lost, none twice but what at-least-once allows:
bench/faults_mail.py). Exits 1 if anything is missing, any journey step was refused
(4xx), a request that arrived while PostgreSQL was down failed, or a phase without a
fault of the app servers had an error.

    .venv/bin/python -m bench.faults [--people 8] [--seconds 120] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil

from bench.faults_check import check_acknowledged, setup_django
from bench.faults_mail import check_mail, links_to, wait_for_outbox

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
PASSWORD = "a-long-enough-passphrase-for-the-load"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
PHASES = (
    "steady",
    "Redis restarted",
    "PostgreSQL restarted",
    "app worker killed",
    "Celery worker killed",
    "after",
)
# Phases whose fault costs the app servers nothing: any error in them fails the run.
NO_ERRORS = ("steady", "Redis restarted", "Celery worker killed", "after")
# The outbox in the run: beat sweeps every 5 s, and a sender killed mid-send holds its
# mail 20 s (in production 60 s and 10 min), so the run sees every mail delivered.
SWEEP_SECONDS, LEASE_SECONDS = 5, 20


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """PostgreSQL, Redis, the SMTP sink, two gunicorn servers, a Celery worker and beat, in
    one scratch folder. `faults` records when each fault began and ended."""

    def __init__(self, work: Path, workers: int) -> None:
        self.work, self.workers = work, workers
        self.pg_env = {**os.environ, "PGDATA": str(work / "pg"), "PGPORT": str(free_port())}
        self.redis_env = {
            **os.environ,
            "REDIS_DIR": str(work / "redis"),
            "REDIS_PORT": str(free_port()),
        }
        self.maildir = work / "maildir"
        self.smtp_port = free_port()
        self.ports = [free_port(), free_port()]
        self.processes: list[subprocess.Popen] = []
        self.servers: list[subprocess.Popen] = []
        self.celery: dict[str, subprocess.Popen] = {}
        self.faults: dict[str, tuple[float, float]] = {}

    def start(self) -> None:
        database_url = _script("pg_temp_start.sh", self.pg_env)
        redis_url = _script("redis_temp_start.sh", self.redis_env)
        sink = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.smtp_port}"]
        sink += ["-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)]
        self.processes.append(subprocess.Popen(sink, stderr=subprocess.DEVNULL))
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SSL_REDIRECT": "0",
            "DJANGO_MANIFEST_STATIC": "0",
            "DJANGO_SITE_URL": f"http://127.0.0.1:{self.ports[0]}",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(self.smtp_port),
            "DJANGO_EMAIL_USE_TLS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_TRUSTED_PROXY_COUNT": "1",  # the locustfile says who each person is
            # The broker on the same Redis, so its restart loses queued tasks too: the
            # sweep must find their mails. (Production gives the broker a Redis of its own.)
            "CELERY_BROKER_URL": redis_url.rsplit("/", 1)[0] + "/1",
            "DJANGO_OUTBOX_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "DJANGO_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        # The Celery worker and beat boot while the database is migrated (a sweep before
        # the outbox table exists fails and is tried again 5 s later).
        self.start_celery_worker()
        self.start_celery("beat", "-s", str(self.work / "beat-schedule"))
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run(
            [*manage, "migrate", "--noinput"], env=self.env, check=True, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            [*manage, "seed_framework"], env=self.env, check=True, stdout=subprocess.DEVNULL
        )
        for port in self.ports:
            log = (self.work / f"gunicorn-{port}.log").open("w")
            command = [sys.executable, "-m", "gunicorn", "skillgap.wsgi", "-w", str(self.workers)]
            command += ["-b", f"127.0.0.1:{port}", "--timeout", "60"]
            server = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)
            self.servers.append(server)
        for port in self.ports:
            _wait_for(port)

    def start_celery_worker(self) -> None:
        # One process, as on this machine; alone, so it asks no neighbours.
        options = ("--pool=solo", "--without-heartbeat", "--without-gossip", "--without-mingle")
        self.start_celery("worker", *options)

    def start_celery(self, *args: str) -> None:
        """One Celery process (`worker` in one process, as on this machine, or `beat`),
        appending to its log in the scratch folder."""
        log = (self.work / f"celery-{args[0]}.log").open("a")
        command = [sys.executable, "-m", "celery", "-A", "skillgap", *args, "--loglevel=INFO"]
        self.celery[args[0]] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=log
        )

    def restart_redis(self) -> None:
        start = time.time()
        _script("redis_temp_stop.sh", self.redis_env)
        time.sleep(5)
        _script("redis_temp_start.sh", self.redis_env)
        self.faults["Redis restarted"] = (start, time.time())

    def restart_postgresql(self) -> None:
        start = time.time()
        _script("pg_temp_stop.sh", self.pg_env)
        down = time.time()  # pg_ctl stop returned: no connection is left, none is taken
        _script("pg_temp_start.sh", {**self.pg_env, "PG_KEEP_DATA": "1"})
        self.faults["PostgreSQL restarted"] = (start, time.time())
        self.faults["PostgreSQL down"] = (down, time.time())

    def kill_an_app_worker(self) -> None:
        worker = psutil.Process(self.servers[0].pid).children()[0]
        os.kill(worker.pid, signal.SIGKILL)
        self.faults["app worker killed"] = (time.time(), time.time())

    def kill_the_celery_worker(self) -> None:
        start = time.time()
        worker = self.celery["worker"]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
        time.sleep(2)  # a supervisor notices and starts it again
        self.start_celery_worker()
        self.faults["Celery worker killed"] = (start, time.time())

    def stop_app_servers(self) -> None:
        # SIGQUIT, gunicorn's quick stop: the load is over, and a worker that is still
        # booting on a busy machine would hold a graceful stop for many seconds.
        _terminate(self.servers, signal.SIGQUIT)
        self.servers = []

    def stop_processes(self) -> None:
        """Everything but PostgreSQL and Redis."""
        _terminate([*self.servers, *self.celery.values(), *self.processes])
        self.servers, self.celery, self.processes = [], {}, []

    def stop(self) -> None:
        self.stop_processes()
        _script("redis_temp_stop.sh", self.redis_env, check=False)
        _script("pg_temp_stop.sh", self.pg_env, check=False)


def _terminate(processes: list[subprocess.Popen], how: int = signal.SIGTERM) -> None:
    for process in processes:
        process.send_signal(how)
    for process in processes:
        process.wait(timeout=20)


def _script(name: str, env: dict[str, str], check: bool = True) -> str:
    done = subprocess.run([SCRIPTS / name], env=env, check=check, capture_output=True)
    return done.stdout.decode().strip()


def _wait_for(port: int) -> None:
    for _ in range(600):
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not start")


class Browser:
    """Cookies kept by hand: production cookies are Secure, and this speaks plain HTTP."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        text = response.read().decode()
        connection.close()
        return response.status, response.headers.get("Location", ""), text


def sign_up(stack: Stack, count: int) -> list[dict]:
    """`count` people through the real sign-up form, each confirmed from the SMTP sink."""
    people = []
    for n in range(count):
        address = f"person{n}@example.org"
        browser = Browser(stack.ports[0])
        browser.request("GET", "/accounts/signup/")
        form = {"email": address, "password1": PASSWORD, "password2": PASSWORD}
        status, _, _ = browser.request("POST", "/accounts/signup/", form)
        if status != 302:
            raise RuntimeError(f"signing up {address} answered {status}")
        link = _confirm_link(stack.maildir, address)
        browser.request("GET", link)
        status, location, _ = browser.request("POST", link, {})
        if status != 302 or "sessionid" not in browser.cookies:
            raise RuntimeError(f"confirming {address} answered {status} {location}")
        people.append({"email": address, "cookies": browser.cookies})
    return people


def _confirm_link(maildir: Path, address: str) -> str:
    for _ in range(600):  # the Celery worker sends it; it may still be starting
        if found := links_to(maildir, address, CONFIRM_LINK):
            return found[-1]
        time.sleep(0.1)
    raise RuntimeError(f"no confirmation mail reached {address}")


def run_load(stack: Stack, seconds: int, people: int) -> list[tuple[str, float, float]]:
    """Run locust for `seconds` while the faults happen; return each phase's time span."""
    hosts = ",".join(f"http://127.0.0.1:{port}" for port in stack.ports)
    env = {**stack.env, "FAULTS_OUT": str(stack.work), "FAULTS_HOSTS": hosts}
    env["FAULTS_MAILDIR"] = str(stack.maildir)
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "faults_locustfile.py")]
    command += ["--headless", "-u", str(people), "-r", str(people), "-t", f"{seconds}s"]
    command += ["--only-summary", "--loglevel", "WARNING"]
    log = (stack.work / "locust.log").open("w")
    locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    start = time.time()
    # A fault at each sixth of the run; the last sixth is the recovery after them all.
    faults = [
        stack.restart_redis,
        stack.restart_postgresql,
        stack.kill_an_app_worker,
        stack.kill_the_celery_worker,
        None,
    ]
    marks = [start]
    for n, fault in enumerate(faults, start=1):
        time.sleep(max(0.0, start + seconds * n / len(PHASES) - time.time()))
        marks.append(time.time())
        if fault is not None:
            fault()
    locust.wait(timeout=seconds + 120)
    marks.append(time.time())
    return [(name, marks[n], marks[n + 1]) for n, name in enumerate(PHASES)]


def phase_figures(work: Path, phases: list[tuple[str, float, float]]) -> list[dict]:
    lines = [json.loads(line) for line in (work / "requests.jsonl").read_text().splitlines()]
    figures = []
    for name, start, end in phases:
        inside = [line for line in lines if start <= line["t"] < end]
        times = sorted(line["ms"] for line in inside) or [0]
        figures.append(
            {
                "phase": name,
                "seconds": round(end - start, 1),
                "requests": len(inside),
                "per_second": round(len(inside) / max(end - start, 0.001), 1),
                "p50_ms": round(_percentile(times, 50)),
                "p95_ms": round(_percentile(times, 95)),
                "p99_ms": round(_percentile(times, 99)),
                "refused": sum(1 for line in inside if 400 <= line["status"] < 500),
                "errors": sum(1 for line in inside if _failed(line)),
            }
        )
    return figures


def _failed(line: dict) -> bool:
    return not 0 < line["status"] < 500


def faults_not_survived(
    work: Path, figures: list[dict], phases: list[tuple[str, float, float]], faults: dict
) -> list[str]:
    """What the run promises and broke: no journey step refused; no error in a phase whose
    fault the app servers do not feel; and where a fault does cost requests (PostgreSQL
    down, a gunicorn worker killed), only those already in flight when it struck."""
    lines = [json.loads(line) for line in (work / "requests.jsonl").read_text().splitlines()]
    broken = [
        f"{line['name']} answered {line['status']}: {line.get('title', '')}"
        for line in lines
        if 400 <= line["status"] < 500
    ]
    broken += [
        f"{row['errors']} error(s) while {row['phase']}"
        for row in figures
        if row["phase"] in NO_ERRORS and row["errors"]
    ]
    ends = {name: end for name, _, end in phases}
    for fault, phase in (("PostgreSQL down", "PostgreSQL restarted"), ("app worker killed",) * 2):
        struck = faults[fault][0]
        # A request started after the fault struck and ended within its phase.
        broken += [
            f"{line['name']} started {line['t'] - line['ms'] / 1000 - struck:.2f} s after "
            f"{fault} and failed ({line['status']})"
            for line in lines
            if _failed(line) and line["t"] - line["ms"] / 1000 > struck and line["t"] < ends[phase]
        ]
    return broken


class Stopwatch:
    """Seconds since the last call, by the name of what they were spent on."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.monotonic()

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self.last, 1)
        self.last = now


def _percentile(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="skillgap-faults-"))
    os.chmod(work, 0o755)  # the PostgreSQL scripts run as the postgres user
    stack = Stack(work, args.workers)
    took = Stopwatch()
    try:
        stack.start()
        took("start")
        people = sign_up(stack, args.people)
        (work / "people.json").write_text(json.dumps(people))
        took("sign-up")
        phases = run_load(stack, args.seconds, args.people)
        took("load")
        stack.stop_app_servers()
        setup_django(stack.env["DATABASE_URL"])
        # Long enough for a mail held by a killed sender's lease, then the next sweep.
        unsent = wait_for_outbox(timeout=LEASE_SECONDS + 3 * SWEEP_SECONDS + 30)
        took("outbox emptied")
        stack.stop_processes()
        figures = phase_figures(work, phases)
        checked = check_acknowledged(work / "acks.jsonl")
        acknowledged = checked["found"] | {"person": len(people)}
        mail = check_mail(stack.maildir, stack.faults, LEASE_SECONDS, acknowledged)
        mail["unsent"] = unsent
        broken = faults_not_survived(work, figures, phases, stack.faults)
        took("checks")
    finally:
        stack.stop()
    report = {"people": args.people, "seconds": args.seconds, "workers": args.workers}
    report["took"] = took.seconds
    report["faults"] = {name: [round(t, 3) for t in span] for name, span in stack.faults.items()}
    report |= {"phases": figures, "checked": checked, "mail": mail, "broken": broken}
    _print(report)
    (work / "report.json").write_text(json.dumps(report, indent=2))
    print(f"(files in {work})")
    failed = checked["missing"] or checked["half_written"] or broken
    failed = failed or mail["lost"] or mail["unexplained"] or mail["unsent"] or mail["strangers"]
    failed = failed or mail["short"]
    return 1 if failed else 0


def _print(report: dict) -> None:
    people, seconds, workers = report["people"], report["seconds"], report["workers"]
    print(f"{people} people, {seconds} s, 2 servers x {workers} workers, 1 Celery worker")
    columns = ("s", "requests", "req/s", "p50", "p95", "p99", "4xx", "errors")
    print(f"{'phase':<22}" + "".join(f"{c:>9}" for c in columns))
    for row in report["phases"]:
        values = [row[k] for k in ("seconds", "requests", "per_second", "p50_ms", "p95_ms")]
        values += [row["p99_ms"], row["refused"], row["errors"]]
        print(f"{row['phase']:<22}" + "".join(f"{v:>9}" for v in values))
    checked = report["checked"]
    print("acknowledged and found: " + ", ".join(f"{n} {k}" for k, n in checked["found"].items()))
    print(f"missing: {checked['missing']}; half-written: {checked['half_written']}")
    mail = report["mail"]
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(mail["kinds"].items()))
    print(
        f"mail: {mail['caused']} caused ({kinds}), {mail['delivered']} delivered, "
        f"{mail['lost']} lost, {mail['twice']} twice ({len(mail['unexplained'])} not explained "
        f"by a cut send), {mail['unsent']} still unsent, {mail['strangers']} in the sink "
        f"without an outbox row; fewer than acknowledged: {'; '.join(mail['short']) or 'none'}"
    )
    print("broken promises: " + ("; ".join(report["broken"]) or "none"))
    print("seconds taken: " + ", ".join(f"{name} {n}" for name, n in report["took"].items()))


if __name__ == "__main__":
    sys.exit(main())
