"""After the load test with faults: is every acknowledged write in the database, whole?

acks.jsonl holds one line per write the app answered with a 2xx or 3xx (bench/
faults_locustfile.py writes it). Each must be found: a rating with its level, a submitted
assessment, a review request to its reviewer, a submitted second opinion, a share link.
And nothing may be half-written: every submitted assessment has a snapshot row for each
of its rung's requirements and a readiness; every submitted review rates every row of the
snapshot it reviews.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path


def setup_django(database_url: str) -> None:
    """Django in this process, on the run's database, for the checks that follow."""
    os.environ.update(DATABASE_URL=database_url, DJANGO_DEBUG="1", REDIS_URL="")
    os.environ.update(CELERY_BROKER_URL="")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillgap.settings")
    import django

    django.setup()


def check_acknowledged(acks: Path) -> dict:
    """After setup_django: what of acks.jsonl is missing, and what is half-written."""
    lines = [json.loads(line) for line in acks.read_text().splitlines()] if acks.exists() else []
    return check(lines)


def check(lines: list[dict]) -> dict:
    """What of `lines` (acknowledged writes) is missing, and what is half-written."""
    missing = [line for line in lines if not _found(line)]
    found = Counter(line["kind"] for line in lines if line not in missing)
    return {"found": dict(found), "missing": missing, "half_written": _half_written()}


def _found(ack: dict) -> bool:
    from accounts.tokens import token_digest
    from assessments.models import Assessment, Rating
    from reviews.models import ReviewRequest, ShareLink

    kind = ack["kind"]
    if kind == "rating":
        rating = Rating.objects.filter(
            assessment__public_id=ack["assessment"], skill_id=ack["skill"]
        ).first()
        return rating is not None and rating.level == ack["level"]
    if kind == "submission":
        return Assessment.objects.submitted().filter(public_id=ack["assessment"]).exists()
    if kind == "request":
        return ReviewRequest.objects.filter(
            assessment__public_id=ack["assessment"], email=ack["reviewer"]
        ).exists()
    if kind == "review":
        token = ack["link"].strip("/").rsplit("/", 1)[-1]
        return ReviewRequest.objects.filter(
            token_digest=token_digest(token), submitted_at__isnull=False
        ).exists()
    if kind == "share":
        return ShareLink.objects.filter(assessment__public_id=ack["assessment"]).exists()
    raise ValueError(f"unknown acknowledgement {kind!r}")


def _half_written() -> list[str]:
    from django.db.models import Count, F, OuterRef, Subquery

    from assessments.models import Assessment
    from careers.models import Requirement
    from reviews.models import ReviewRequest

    required = Requirement.objects.filter(rung=OuterRef("rung")).values("rung")
    required = required.annotate(n=Count("pk")).values("n")
    broken = [
        f"assessment {a.public_id}: {a.rows} snapshot rows of {a.required}, readiness {a.readiness}"
        for a in Assessment.objects.submitted()
        .annotate(rows=Count("snapshot", distinct=True), required=Subquery(required))
        .exclude(rows=F("required"), readiness__isnull=False)
    ]
    reviews = ReviewRequest.objects.filter(submitted_at__isnull=False).annotate(
        rated=Count("ratings", distinct=True), rows=Count("assessment__snapshot", distinct=True)
    )
    broken += [f"review {r.pk}: {r.rated} of {r.rows} rated" for r in reviews if r.rated != r.rows]
    return broken
