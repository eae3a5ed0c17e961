"""Time one reminders round on the benchmark's database (DESIGN §17: 10,000 people in < 60 s).

Every seeded person opts into the weekly digest and a 30-day retake reminder (in this
throwaway database only, like everything the benchmark writes). The claims and the queued
mails an earlier run left are deleted first, so every run does the same work. The round runs
as a worker runs it: the outbox publishes a send task per mail to a Redis broker of its own
(`scripts/redis_temp_start.sh` on a free port), which no worker reads.

    .venv/bin/python bench/reminders.py [--scale 1.0] [--period 2026-W25]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import database_url, free_port, setup_django  # noqa: E402


@contextlib.contextmanager
def broker() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "REDIS_PORT": str(port), "REDIS_DIR": f"/tmp/skillgap-reminders-{port}"}
    started = subprocess.run(
        [str(ROOT / "scripts" / "redis_temp_start.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([str(ROOT / "scripts" / "redis_temp_stop.sh")], env=env, check=False)


def opt_everyone_in() -> int:
    from django.contrib.auth import get_user_model
    from post_office.models import Email

    from accounts.models import MailClaim, Reminders

    MailClaim.objects.all().delete()
    Email.objects.all().delete()
    Reminders.objects.all().delete()
    people = get_user_model().objects.values_list("pk", flat=True)
    Reminders.objects.bulk_create(
        (Reminders(user_id=pk, weekly_digest=True, retake_after_days=30) for pk in people),
        batch_size=2000,
    )
    return Reminders.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="which SQLite bench file")
    parser.add_argument("--period", default="2026-W25", help="the ISO week of the round")
    args = parser.parse_args()
    with broker() as url:
        setup_django(database_url(args.scale), CELERY_BROKER_URL=url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from progress import reminders

        people = opt_everyone_in()
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            queued = reminders.run_round(period=args.period)
        seconds = time.perf_counter() - started
    print(
        f"{people:,} people opted in on {connection.vendor}: {queued:,} mails queued for "
        f"{args.period} in {seconds:.1f} s ({time.process_time() - cpu:.1f} s CPU), "
        f"{len(queries):,} queries"
    )


if __name__ == "__main__":
    main()
