"""The person's calendar feed (DESIGN.md §17): their goal dates and retake dates as all-day
iCalendar events, built with the `icalendar` library. Three queries: the goals, the retake
reminder's interval, and with one, the latest submission of each rung."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.links import SITE_NAME, on_site
from accounts.reminders import reminders_of
from progress import plans
from progress.models import Goal

PRODID = f"-//{SITE_NAME}//My plan//EN"
GOAL_SUMMARY = "Goal: ready for {rung}"
RETAKE_SUMMARY = "Retake: {rung}"


@dataclass(frozen=True)
class Date:
    uid: str
    day: datetime.date
    summary: str
    url: str


def retake_interval(owner) -> datetime.timedelta | None:
    """How long after a submission the person wants to retake it (their retake reminder,
    30, 60 or 90 days), or None when that reminder is off. One query."""
    days = reminders_of(owner).retake_after_days
    return datetime.timedelta(days=days) if days else None


def feed_dates(owner) -> Iterator[Date]:
    """The goal dates, then the retake dates (with a retake interval), each by date: a
    retake is due that long after the latest submission of each rung, as its reminder is."""
    domain = urlsplit(settings.SITE_URL).netloc or "skillgap"
    plan_url = on_site(reverse("progress:plan"))
    goals = Goal.objects.filter(owner=owner).order_by("target_date", "pk")
    for pk, day, rung in goals.values_list("pk", "target_date", "rung__title"):
        yield Date(f"goal-{pk}@{domain}", day, GOAL_SUMMARY.format(rung=rung), plan_url)
    interval = retake_interval(owner)
    if interval is None:
        return
    latest = plans.load_latest([owner.pk])[owner.pk]
    for item in sorted(latest, key=lambda item: (item.submitted_at, item.rung_id)):
        day = timezone.localdate(item.submitted_at + interval)
        summary = RETAKE_SUMMARY.format(rung=item.rung_title)
        report_url = on_site(reverse("assessments:report", args=[item.public_id]))
        yield Date(f"retake-{item.rung_id}@{domain}", day, summary, report_url)


def build_feed(owner) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{SITE_NAME}: my plan")
    stamp = timezone.now()
    for date in feed_dates(owner):
        event = Event()
        event.add("uid", date.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", date.day)
        event.add("dtend", date.day + datetime.timedelta(days=1))
        event.add("summary", date.summary)
        event.add("url", date.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
