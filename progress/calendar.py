"""The person's calendar feed (DESIGN.md §17): their goal dates and retake dates as all-day
iCalendar events, built with the `icalendar` library. Two queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.links import SITE_NAME, on_site
from assessments.models import Assessment
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
    """How long after a submission the person wants to retake it, or None.

    The hook for the retake reminder's preference (off, 30, 60 or 90 days, DESIGN §17),
    which `accounts` will own: until it exists, no retake dates are in the feed. Once it
    does, return timedelta(days=<the person's choice>) here and the feed carries, per rung,
    the last submission plus that interval.
    """
    return None


def feed_dates(owner) -> Iterator[Date]:
    """The goal dates, then the retake dates (with a retake interval), each by date."""
    domain = urlsplit(settings.SITE_URL).netloc or "skillgap"
    plan_url = on_site(reverse("progress:plan"))
    goals = Goal.objects.filter(owner=owner).order_by("target_date", "pk")
    for pk, day, rung in goals.values_list("pk", "target_date", "rung__title"):
        yield Date(f"goal-{pk}@{domain}", day, GOAL_SUMMARY.format(rung=rung), plan_url)
    interval = retake_interval(owner)
    if interval is None:
        return
    last = (
        Assessment.objects.for_owner(owner)
        .submitted()
        .values("rung_id", "rung__title")
        .annotate(last=Max("submitted_at"))
        .order_by("last")
    )
    for row in last:
        day = timezone.localdate(row["last"] + interval)
        summary = RETAKE_SUMMARY.format(rung=row["rung__title"])
        yield Date(f"retake-{row['rung_id']}@{domain}", day, summary, plan_url)


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
