"""A real Celery worker and a real beat on a real Redis deliver the weekly digest to a real
SMTP server, exactly once, though beat fires the reminders round again and again.

Runs in the PostgreSQL and Redis half of CI (the worker must share the test database); the
beat fires every second, with the period pinned, since the worker's clock cannot be frozen.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import MailClaim, Reminders
from tests.factories import SubmittedRequirementFactory, UserFactory
from tests.smtp_support import SmtpServer

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2026-W25"

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as the second half of CI",
    ),
    pytest.mark.django_db(transaction=True),
]


def _broker_url() -> str:
    """The suite's Redis, on a database number of its own: the cache's tests flush theirs."""
    parts = urllib.parse.urlsplit(settings.REDIS_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/15"))


def _env(smtp_port: int) -> dict[str, str]:
    db = connection.settings_dict
    database_url = (
        f"postgres://{urllib.parse.quote(db['USER'])}:{urllib.parse.quote(db['PASSWORD'])}"
        f"@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": _broker_url(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_SITE_URL": "https://skillgap.example.org",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_EMAIL_USE_TLS": "0",
        "DJANGO_REMINDERS_PERIOD": PERIOD,
        "DJANGO_REMINDERS_EVERY_SECONDS": "1",
    }


def _celery(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "skillgap", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(condition, what: str, logs: list[Path], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def test_beat_firing_twice_delivers_the_digest_once(tmp_path):
    person = UserFactory(email="alice@example.org")
    Reminders.objects.create(user=person, weekly_digest=True)
    SubmittedRequirementFactory(
        assessment__owner=person,
        assessment__submitted_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
        rated_level=1,
    )
    smtp = SmtpServer()
    smtp.start()
    env = _env(smtp.port)
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "skillgap", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    worker = _celery("worker", "--pool=solo", "--without-heartbeat", env=env, log=worker_log)
    beat = _celery("beat", "-s", str(tmp_path / "beat-schedule"), env=env, log=beat_log)
    logs = [worker_log, beat_log]
    try:
        _wait_for(lambda: smtp.messages, "the digest", logs)
        rounds = "progress.tasks.send_reminders"
        _wait_for(
            lambda: worker_log.read_text().count(f"Task {rounds}[") >= 3 * 2,  # received, done
            "three reminder rounds",
            logs,
        )
    finally:
        _stop(beat)
        _stop(worker)
        smtp.stop()

    (digest,) = smtp.messages
    assert digest["To"] == "alice@example.org"
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["List-Unsubscribe"].strip().startswith("<https://skillgap.example.org/accounts/")
    assert MailClaim.objects.get().period == PERIOD
