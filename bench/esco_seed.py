"""The full-ESCO benchmark's data: every ESCO occupation imported into the shipped framework,
and people's assessments on the imported rungs beside their hand-made ones.

`bench/esco_full.py` runs this on a copy of the database `bench/seed.py` filled, so the
signed-in person (person 0) sees the same hand-made pages with and without ESCO. On top, a
share of the people, person 0 among them, submit assessments of imported rungs. Person 0's
imported report is dated before their first hand-made one: their latest report (the `report`
page), the reviewed one and every cache key stay what they are on the shipped framework.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.db import connection, models, transaction

from assessments.models import Assessment
from bench import seed
from careers.importers import esco
from careers.models import ESCO_SOURCE, Requirement, Role, Rung
from careers.services import import_occupations

IMPORTED_SHARE = 0.2  # of the people: assessed on one imported rung too
IMPORTED_MAX_SUBMITTED = 3  # each of them submits it 1 to 3 times
BENCH_OCCUPATION = "data scientist"  # person 0's imported rung, when it was imported
CLASSIFICATION_ZIP = "esco-v1.1.1-classification-en-csv.zip"
RELATIONS_ZIP = "esco-v1.1.1-relations-csv.zip"


@dataclass(frozen=True)
class ImportedTargets:
    """What the benchmark opens on an imported rung: person 0's report of it, and its role."""

    role_slug: str
    report_id: str
    report_rung: str
    report_skills: int

    def describe(self) -> dict[str, object]:
        return dict(self.__dict__)


def load(esco_dir: Path) -> esco.Classification:
    """ESCO's two official zips from `esco_dir`, loaded and indexed."""
    return esco.load_classification(esco_dir / CLASSIFICATION_ZIP, esco_dir / RELATIONS_ZIP)


def import_all(
    classification: esco.Classification, occupations: list[esco.Occupation] | None = None
) -> dict[str, object]:
    """Import `occupations` (default: every one) into the framework as the import command
    does; return how long it took and what the framework holds afterwards."""
    chosen = list(classification.occupations.values()) if occupations is None else occupations
    started = time.perf_counter()
    summary = import_occupations(classification=classification, occupations=chosen)
    seconds = time.perf_counter() - started
    return {
        "occupations": len(chosen),
        "import_seconds": round(seconds, 2),
        "summary": summary.lines(),
        "roles": Role.objects.count(),
        "rungs": Rung.objects.count(),
        "requirements": Requirement.objects.count(),
    }


def seed_imported(*, scale: float = 1.0, progress: bool = True) -> seed.SeedSummary:
    """Add submitted assessments of imported rungs: person 0's one of BENCH_OCCUPATION (or the
    first imported rung), and IMPORTED_SHARE of the other people 1 to 3 each. Needs the people
    of `bench/seed.py` and an ESCO import; `scale` only names the run in the summary."""
    started = time.monotonic()
    rungs = [
        ladder[0]
        for ladder in seed.load_ladders(
            Requirement.objects.filter(rung__role__source=ESCO_SOURCE)
        ).values()
    ]
    if not rungs:
        raise SystemExit("No imported rung has requirements: import ESCO first.")
    user_ids = list(seed.User.objects.order_by("pk").values_list("pk", flat=True))
    bench_person = seed.User.objects.get(email=seed.email_for(0)).pk
    people = [_bench_person(bench_person, _bench_rung(rungs))]
    people += _other_people([pk for pk in user_ids if pk != bench_person], rungs)
    summary = seed.SeedSummary(people=len(people))
    with seed.fast_sqlite_writes():
        seed.create_assessments(people, progress, summary)
        _date_bench_person_imported(bench_person)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary.seconds = round(time.monotonic() - started, 1)
    return summary


def _bench_rung(rungs: list[seed.RungPlan]) -> seed.RungPlan:
    wanted = Rung.objects.filter(role__source=ESCO_SOURCE, title=BENCH_OCCUPATION)
    wanted_id = wanted.values_list("pk", flat=True).first()
    return next((r for r in rungs if r.id == wanted_id), min(rungs, key=lambda r: r.id))


def _bench_person(user_id: int, rung: seed.RungPlan) -> seed.Person:
    rng = random.Random(f"{seed.RANDOM_SEED}:esco:0")
    return seed.Person(user_id, rng, rng.uniform(1.0, 3.5), [rung], 0, 1, has_draft=False)


def _other_people(user_ids: list[int], rungs: list[seed.RungPlan]) -> list[seed.Person]:
    """IMPORTED_SHARE of `user_ids`, each on one imported rung, from their own generator."""
    people = []
    for index, user_id in enumerate(user_ids, start=1):
        own = random.Random(f"{seed.RANDOM_SEED}:esco:{index}")
        if own.random() >= IMPORTED_SHARE:
            continue
        rung = own.choice(rungs)
        submitted = own.randint(1, IMPORTED_MAX_SUBMITTED)
        people.append(seed.Person(user_id, own, own.uniform(1.0, 3.5), [rung], 0, submitted, False))
    return people


def _date_bench_person_imported(user_id: int) -> None:
    """Person 0's imported report a day before their first hand-made one, so their latest
    (and second latest) report stay the hand-made ones; every new submission's created and
    updated times backdated to its submission, as `bench/seed.py` does."""
    mine = Assessment.objects.for_owner(user_id).submitted()
    first_handmade = mine.exclude(rung__role__source=ESCO_SOURCE).order_by("submitted_at").first()
    with transaction.atomic():
        if first_handmade is not None:
            mine.filter(rung__role__source=ESCO_SOURCE).update(
                submitted_at=first_handmade.submitted_at - timedelta(days=1)
            )
        Assessment.objects.submitted().filter(rung__role__source=ESCO_SOURCE).update(
            created_at=models.F("submitted_at"), updated_at=models.F("submitted_at")
        )


def imported_targets() -> ImportedTargets:
    """Person 0's latest report of an imported rung."""
    report = (
        Assessment.objects.for_owner(seed.User.objects.get(email=seed.email_for(0)))
        .with_rung()
        .submitted()
        .filter(rung__role__source=ESCO_SOURCE)
        .order_by("-submitted_at")
        .first()
    )
    if report is None:
        raise SystemExit(f"{seed.email_for(0)} has no report of an imported rung: reseed.")
    return ImportedTargets(
        role_slug=report.rung.role.slug,
        report_id=str(report.public_id),
        report_rung=report.rung.title,
        report_skills=report.snapshot.count(),
    )
