"""Run one round of reminder mails by hand: `manage.py send_reminders [--period 2026-W24]`."""

from __future__ import annotations

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from progress import reminders

PERIOD = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


class Command(BaseCommand):
    help = "Queue the reminder mails due in one ISO week (this week by default)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", help="An ISO week in UTC, such as 2026-W24.")

    def handle(self, *args, period: str | None = None, **options) -> None:
        period = period or reminders.iso_week(timezone.now())
        if not PERIOD.match(period):
            raise CommandError(f"--period must be an ISO week such as 2026-W24, not {period!r}.")
        try:
            reminders.period_end(period)
        except ValueError:
            raise CommandError(f"{period} is not a week of that year.") from None
        queued = reminders.run_round(period=period)
        self.stdout.write(f"{queued} reminder(s) queued for {period}.")
