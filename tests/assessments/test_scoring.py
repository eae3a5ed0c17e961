"""The gap report rules of DESIGN.md §5, one table per rule, no database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessments.scoring import (
    DUPLICATE_ERROR,
    IMPORTANCE_ERROR,
    LEVEL_ERROR,
    RATING_ERROR,
    STATUS_LABELS,
    Requirement,
    round_percent,
    score,
)

APP_DIR = Path(__file__).resolve().parents[2] / "assessments"


def _only_item(level, importance, rating):
    report = score([Requirement("python", level, importance)], {"python": rating})
    return report.items[0]


@pytest.mark.parametrize(
    ("level", "rating", "gap", "surplus"),
    [
        (3, 0, 3, 0),
        (3, 2, 1, 0),
        (3, 3, 0, 0),
        (3, 5, 0, 2),
        (1, 0, 1, 0),
        (5, 5, 0, 0),
        (1, 5, 0, 4),
    ],
)
def test_gap_and_surplus_are_the_shortfall_and_excess_over_the_level(level, rating, gap, surplus):
    item = _only_item(level, 3, rating)

    assert (item.gap, item.surplus) == (gap, surplus)


@pytest.mark.parametrize(
    ("level", "importance", "rating", "weighted_gap"),
    [
        (4, 5, 1, 15),
        (4, 1, 1, 3),
        (2, 3, 1, 3),
        (2, 5, 2, 0),
        (2, 5, 4, 0),
    ],
)
def test_weighted_gap_is_importance_times_gap(level, importance, rating, weighted_gap):
    item = _only_item(level, importance, rating)

    assert item.weighted_gap == weighted_gap


@pytest.mark.parametrize(
    ("level", "rating", "status"),
    [
        (3, 5, "meets"),
        (3, 3, "meets"),
        (3, 2, "close"),
        (3, 1, "gap"),
        (3, 0, "gap"),
        (1, 0, "close"),
    ],
)
def test_status_is_meets_at_gap_0_close_at_gap_1_and_gap_from_2(level, rating, status):
    item = _only_item(level, 3, rating)

    assert item.status == status
    assert item.status_label == STATUS_LABELS[status]


@pytest.mark.parametrize(
    ("importance", "rating", "blocking"),
    [
        (4, 1, True),  # importance 4, gap 2: both at the boundary
        (5, 0, True),
        (3, 1, False),  # importance just below the boundary
        (3, 0, False),
        (4, 2, False),  # gap just below the boundary
        (5, 2, False),
        (5, 3, False),
    ],
)
def test_blocking_needs_importance_4_and_gap_2(importance, rating, blocking):
    report = score([Requirement("python", 3, importance)], {"python": rating})

    assert report.items[0].blocking is blocking
    assert report.blocking == (report.items if blocking else ())


def test_readiness_follows_the_weighted_formula():
    requirements = [
        Requirement("python", level=4, importance=5),
        Requirement("sql", level=3, importance=3),
        Requirement("docker", level=2, importance=1),
    ]
    ratings = {"python": 3, "sql": 5}

    report = score(requirements, ratings)

    # achieved = 5*min(3,4) + 3*min(5,3) + 1*min(0,2) = 15 + 9 + 0 = 24
    # possible = 5*4 + 3*3 + 1*2 = 20 + 9 + 2 = 31
    # readiness = 100 * 24 / 31 = 77.419...%, shown as 77
    assert report.readiness == pytest.approx(2400 / 31)
    assert report.readiness_pct == 77
    assert report.ready is False


def test_readiness_is_100_with_no_requirements():
    report = score([], {"python": 3})

    assert report.readiness == 100.0
    assert report.ready is True
    assert report.items == ()


def test_missing_rating_counts_as_zero():
    requirements = [Requirement("python", 3, 2), Requirement("sql", 2, 2)]

    report = score(requirements, {"sql": 2})

    python = next(item for item in report.items if item.skill == "python")
    assert (python.rated, python.gap, python.status) == (0, 3, "gap")
    assert report.readiness == pytest.approx(100 * 4 / 10)


def test_none_rating_counts_as_unrated_zero():
    report = score([Requirement("python", 3, 2)], {"python": None})

    assert report.items[0].rated == 0


def test_ratings_for_skills_not_required_are_ignored():
    report = score([Requirement("python", 3, 2)], {"python": 3, "cobol": 99})

    assert [item.skill for item in report.items] == ["python"]
    assert report.readiness == 100.0


def _many_low_importance(ratings_at_4: int, ratings_at_3: int) -> tuple[list, dict]:
    count = ratings_at_4 + ratings_at_3
    requirements = [Requirement(f"skill-{n:03}", 5, 1) for n in range(count)]
    ratings = {req.skill: 4 if n < ratings_at_4 else 3 for n, req in enumerate(requirements)}
    return requirements, ratings


@pytest.mark.parametrize(
    ("ratings_at_4", "ratings_at_3", "readiness", "ready"),
    [
        (1, 0, 80.0, True),  # 4 of 5 = exactly the threshold
        (100, 0, 80.0, True),  # 400 of 500
        (99, 1, 79.8, False),  # 399 of 500: just under
    ],
)
def test_ready_from_exactly_80_percent(ratings_at_4, ratings_at_3, readiness, ready):
    requirements, ratings = _many_low_importance(ratings_at_4, ratings_at_3)

    report = score(requirements, ratings)

    assert report.readiness == pytest.approx(readiness)
    assert report.ready is ready


def test_not_ready_when_blocking_even_at_high_readiness():
    requirements = [Requirement(f"skill-{n}", 5, 5) for n in range(9)]
    requirements.append(Requirement("kubernetes", 5, 4))
    ratings = {f"skill-{n}": 5 for n in range(9)} | {"kubernetes": 3}

    report = score(requirements, ratings)

    # achieved = 9*25 + 4*3 = 237; possible = 9*25 + 4*5 = 245
    assert report.readiness == pytest.approx(100 * 237 / 245)
    assert report.readiness > 95
    assert [item.skill for item in report.blocking] == ["kubernetes"]
    assert report.ready is False


def test_items_are_ordered_by_weighted_gap_then_importance_then_skill():
    requirements = [
        Requirement("a-meets", 2, 5),  # weighted 0
        Requirement("b-small", 2, 1),  # weighted 1*2 = 2
        Requirement("c-tie-low", 3, 2),  # weighted 2*3 = 6, importance 2
        Requirement("d-tie-high", 2, 3),  # weighted 3*2 = 6, importance 3
        Requirement("f-same", 2, 3),  # same weighted gap and importance as d: by skill
        Requirement("e-top", 5, 4),  # weighted 4*5 = 20
    ]
    ratings = {"a-meets": 2}

    report = score(requirements, ratings)

    assert [item.skill for item in report.items] == [
        "e-top",
        "d-tie-high",
        "f-same",
        "c-tie-low",
        "b-small",
        "a-meets",
    ]


def test_blocking_items_keep_priority_order():
    requirements = [Requirement("x", 3, 4), Requirement("y", 5, 5), Requirement("z", 2, 1)]

    report = score(requirements, {})

    assert [item.skill for item in report.blocking] == ["y", "x"]


def test_strengths_are_surpluses_by_size_then_skill():
    requirements = [Requirement("a", 1, 1), Requirement("b", 3, 5), Requirement("c", 2, 2)]
    ratings = {"a": 3, "b": 5, "c": 2}

    report = score(requirements, ratings)

    assert [(item.skill, item.surplus) for item in report.strengths] == [("a", 2), ("b", 2)]


def test_gaps_and_share_of_weighted_gap_explain_the_order():
    requirements = [Requirement("a", 4, 3), Requirement("b", 2, 1), Requirement("c", 1, 5)]
    ratings = {"a": 1, "b": 1, "c": 1}

    report = score(requirements, ratings)

    assert [item.skill for item in report.gaps] == ["a", "b"]
    assert report.total_weighted_gap == 10
    shares = [report.share_of_weighted_gap(item) for item in report.items]
    assert shares == pytest.approx([90.0, 10.0, 0.0])


def test_share_of_weighted_gap_is_zero_when_nothing_is_short():
    report = score([Requirement("a", 1, 1)], {"a": 1})

    assert report.share_of_weighted_gap(report.items[0]) == 0.0


@pytest.mark.parametrize(
    ("value", "shown"),
    [(62.5, 63), (62.49, 62), (0.0, 0), (99.5, 100), (100.0, 100), (2400 / 31, 77)],
)
def test_readiness_percent_rounds_halves_up(value, shown):
    assert round_percent(value) == shown


@pytest.mark.parametrize(
    ("requirement", "ratings", "template", "value"),
    [
        (Requirement("ml-ops", 0, 3), {}, LEVEL_ERROR, 0),
        (Requirement("ml-ops", 6, 3), {}, LEVEL_ERROR, 6),
        (Requirement("ml-ops", 3.0, 3), {}, LEVEL_ERROR, 3.0),
        (Requirement("ml-ops", True, 3), {}, LEVEL_ERROR, True),
        (Requirement("ml-ops", 3, 0), {}, IMPORTANCE_ERROR, 0),
        (Requirement("ml-ops", 3, 6), {}, IMPORTANCE_ERROR, 6),
        (Requirement("ml-ops", 3, "4"), {}, IMPORTANCE_ERROR, "4"),
        (Requirement("ml-ops", 3, 3), {"ml-ops": -1}, RATING_ERROR, -1),
        (Requirement("ml-ops", 3, 3), {"ml-ops": 6}, RATING_ERROR, 6),
        (Requirement("ml-ops", 3, 3), {"ml-ops": 2.5}, RATING_ERROR, 2.5),
        (Requirement("ml-ops", 3, 3), {"ml-ops": 3.0}, RATING_ERROR, 3.0),
        (Requirement("ml-ops", 3, 3), {"ml-ops": "3"}, RATING_ERROR, "3"),
        (Requirement("ml-ops", 3, 3), {"ml-ops": False}, RATING_ERROR, False),
    ],
)
def test_out_of_range_or_non_int_input_raises_naming_the_skill(
    requirement, ratings, template, value
):
    with pytest.raises(ValueError, match="ml-ops") as raised:
        score([Requirement("python", 2, 2), requirement], ratings)

    assert str(raised.value) == template.format(skill="ml-ops", value=value)


def test_duplicate_skill_raises_naming_it():
    requirements = [Requirement("python", 2, 2), Requirement("python", 3, 1)]

    with pytest.raises(ValueError, match="python") as raised:
        score(requirements, {})

    assert str(raised.value) == DUPLICATE_ERROR.format(skill="python")


@pytest.mark.parametrize("module", ["scoring.py", "planning.py"])
def test_pure_modules_never_import_django(module):
    source = (APP_DIR / module).read_text(encoding="utf-8")

    imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", source, flags=re.MULTILINE)

    assert imports, f"{module} has no imports at all: did the file move?"
    assert [name for name in imports if name.split(".")[0] == "django"] == []
