"""Celery tasks for mail (accounts.outbox); the reminders round's are progress.tasks.

Settings in skillgap/settings.py make every task acknowledge late and go back to the queue
when its worker is killed; the outbox lease keeps such a second run from sending twice.
"""

from __future__ import annotations

from celery import shared_task

from accounts import outbox


@shared_task(bind=True, max_retries=None)
def send_email(self, email_id: int) -> None:
    delay = outbox.deliver(email_id)
    if delay:
        raise self.retry(countdown=delay)


@shared_task
def sweep_outbox() -> int:
    return outbox.sweep()
