"""static/js/readiness-range.js computes the same range as scoring.readiness_range(),
run in Chromium on the same cases."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

from assessments.scoring import Requirement, readiness_range

pytestmark = pytest.mark.e2e

SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "readiness-range.js"
FIXED_CASES = [
    ([], {}),
    ([("python", 3, 5), ("sql", 2, 4), ("r", 2, 1)], {}),
    ([("python", 3, 5), ("sql", 2, 4), ("r", 2, 1)], {"python": 3}),
    ([("python", 3, 5), ("sql", 2, 4), ("r", 2, 1)], {"python": 3, "sql": 2}),
    ([("python", 3, 5), ("sql", 2, 4), ("r", 2, 1)], {"python": 1}),
    ([("python", 3, 5), ("sql", 2, 4), ("r", 2, 1)], {"python": 2, "sql": 1, "go": 5}),
    ([("python", 1, 5), ("sql", 5, 5)], {"sql": 5}),
    ([("a", 5, 5), ("b", 4, 4), ("c", 3, 3)], {"a": 5, "b": 4, "c": 3}),
]


def _random_cases(count: int) -> list[tuple[list, dict]]:
    rng = random.Random(20_261_202)
    cases = []
    for _ in range(count):
        skills = [f"s{n}" for n in range(rng.randint(1, 30))]
        requirements = [(s, rng.randint(1, 5), rng.randint(1, 5)) for s in skills]
        rated = rng.sample(skills, rng.randint(0, len(skills)))
        cases.append((requirements, {s: rng.randint(0, 5) for s in rated}))
    return cases


def _python(requirements, ratings) -> dict:
    bounds = readiness_range([Requirement(*r) for r in requirements], ratings)
    return {
        "rated": bounds.rated,
        "total": bounds.total,
        "low": bounds.low,
        "high": bounds.high,
        "settled": bounds.settled,
        "blocking": list(bounds.blocking),
        "lowPct": bounds.low_pct,
        "highPct": bounds.high_pct,
    }


# `page` starts the live server, which makes this a transactional test: roll back the way
# the other browser tests do, or the next one finds the database in the wrong state.
@pytest.mark.usefixtures("django_db_serialized_rollback", "transactional_db")
def test_the_script_gives_the_same_range_as_python_for_every_case(page: Page):
    page.set_content("<!doctype html><title>range</title>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    cases = FIXED_CASES + _random_cases(200)

    results = page.evaluate(
        """cases => cases.map(([requirements, ratings]) => {
          const range = SkillGap.readinessRange(requirements.map(r => [...r, r[0]]), ratings);
          return {...range, lowPct: SkillGap.roundPercent(range.low),
                  highPct: SkillGap.roundPercent(range.high)};
        })""",
        [[requirements, ratings] for requirements, ratings in cases],
    )

    assert results == [_python(requirements, ratings) for requirements, ratings in cases]
