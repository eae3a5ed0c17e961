"""Send every mail of the outbox that is due: what the beat sweep does, by hand (for a
deployment without a task worker, or after a mail server outage)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts import outbox


class Command(BaseCommand):
    help = "Send the queued mails that are due (accounts.outbox)."

    def handle(self, *args, **options) -> None:
        total = 0
        while sent := outbox.sweep():
            total += sent
        self.stdout.write(f"{total} mail(s) sent.")
