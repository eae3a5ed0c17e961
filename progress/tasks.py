"""Celery tasks of progress: the reminders round (progress.reminders)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from progress import reminders


@shared_task
def plan_reminders() -> str:
    """Run by beat: name the period here, once, and hand it to a worker. A worker that
    picks the task up late, or twice, still works on the same week."""
    period = settings.REMINDERS_PERIOD or reminders.iso_week(timezone.now())
    send_reminders.delay(period)
    return period


@shared_task(bind=True, max_retries=5, default_retry_delay=300)
def send_reminders(self, period: str) -> int:
    return reminders.run_round(period=period)
