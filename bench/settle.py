"""After how many ratings is the readiness verdict settled? (DESIGN.md §9)

For each shipped rung, rates it 200 times with a random profile (each skill's rating drawn
around its required level, from a per-profile skill bias), in the rating form's order
(its steps, in turn), and records after how many ratings `readiness_range` first settles
the verdict. Prints the median per rung, on the database of DATABASE_URL or a fresh SQLite
file with the shipped framework.

    .venv/bin/python bench/settle.py [--profiles 200] [--seed 20261202] [--uniform]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillgap.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/skillgap-settle.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from assessments.scoring import NOT_READY, Requirement, readiness_range  # noqa: E402
from assessments.steps import StepSkill, plan_steps  # noqa: E402
from careers.models import Requirement as RequirementRow  # noqa: E402
from careers.models import Role, Rung  # noqa: E402


def settled_after(requirements: list[Requirement], order: list, ratings: dict) -> int:
    """How many ratings, taken in `order`, until the verdict is settled (len(order) at most)."""
    given: dict = {}
    for count, skill in enumerate(order, start=1):
        given[skill] = ratings[skill]
        if readiness_range(requirements, given).settled is not None:
            return count
    return len(order)


def random_profile(rng: random.Random, requirements: list[Requirement], uniform: bool) -> dict:
    """One person. By default an overall bias (from 2.5 levels below the rung to 1 above)
    plus per-skill noise around each required level; with `uniform`, every rating 0-5
    equally likely."""
    if uniform:
        return {r.skill: rng.randint(0, 5) for r in requirements}
    bias = rng.uniform(-2.5, 1.0)
    return {r.skill: max(0, min(5, round(r.level + bias + rng.gauss(0, 1)))) for r in requirements}


def rung_medians(
    profiles: int, seed: int, uniform: bool = False
) -> list[tuple[str, int, float, float | None, int]]:
    rng = random.Random(seed)
    rows = []
    for rung in Rung.objects.select_related("role").order_by("role__order", "order"):
        loaded = list(
            RequirementRow.objects.filter(rung=rung)
            .select_related("skill__category")
            .order_by("skill__category__order", "skill__category__name", "skill__name")
        )
        if not loaded:
            continue
        requirements = [Requirement(r.skill_id, r.level, r.importance) for r in loaded]
        steps = plan_steps(
            StepSkill(r.skill_id, r.skill.category.name, r.importance) for r in loaded
        )
        order = [skill for step in steps for skill in step.skills]
        counts, ready_counts = [], []
        for _ in range(profiles):
            ratings = random_profile(rng, requirements, uniform)
            counts.append(settled_after(requirements, order, ratings))
            if readiness_range(requirements, ratings).settled != NOT_READY:
                ready_counts.append(counts[-1])
        ready_median = statistics.median(ready_counts) if ready_counts else None
        rows.append(
            (rung.title, len(order), statistics.median(counts), ready_median, len(ready_counts))
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20_261_202)
    parser.add_argument("--uniform", action="store_true", help="ratings uniformly 0-5")
    args = parser.parse_args(argv)
    _ensure_framework()
    print(
        f"| rung | skills | median ratings to a settled verdict | ready of {args.profiles}"
        " | median for those ready |"
    )
    print("|---|---:|---:|---:|---:|")
    rows = rung_medians(args.profiles, args.seed, args.uniform)
    for title, skills, median, ready_median, ready in rows:
        shown = "-" if ready_median is None else f"{ready_median:g}"
        print(f"| {title} | {skills} | {median:g} | {ready} | {shown} |")


def _ensure_framework() -> None:
    """Migrate and load the shipped framework into an empty database."""
    if "careers_role" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    if not Role.objects.exists():
        call_command("loaddata", "fixtures/careers.json", verbosity=0)


if __name__ == "__main__":
    main()
