"""readiness_range(): the bounds and the settled verdict while rating (DESIGN.md §9)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    MAX_IMPORTANCE,
    MAX_LEVEL,
    MAX_RATING,
    MIN_IMPORTANCE,
    MIN_LEVEL,
    MIN_RATING,
    NOT_READY,
    READY,
    Requirement,
    readiness_range,
    score,
)

properties = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200)

SKILLS = [f"skill-{n:02}" for n in range(10)]
ratings_0_to_5 = st.integers(MIN_RATING, MAX_RATING)


@st.composite
def partly_rated_rungs(draw):
    """Requirements, a partial rating of them, and one way of rating the rest."""
    skills = draw(st.lists(st.sampled_from(SKILLS), min_size=1, unique=True))
    requirements = [
        Requirement(
            skill,
            draw(st.integers(MIN_LEVEL, MAX_LEVEL)),
            draw(st.integers(MIN_IMPORTANCE, MAX_IMPORTANCE)),
        )
        for skill in skills
    ]
    rated = draw(st.lists(st.sampled_from(skills), unique=True))
    partial = {skill: draw(ratings_0_to_5) for skill in rated}
    completion = {skill: partial.get(skill, draw(ratings_0_to_5)) for skill in skills}
    return requirements, partial, completion


@properties
@given(partly_rated_rungs())
def test_final_readiness_lies_within_the_range_for_every_completion(rung):
    requirements, partial, completion = rung

    bounds = readiness_range(requirements, partial)

    assert bounds.low <= score(requirements, completion).readiness <= bounds.high


@properties
@given(partly_rated_rungs())
def test_a_settled_verdict_equals_the_final_verdict(rung):
    requirements, partial, completion = rung

    settled = readiness_range(requirements, partial).settled

    if settled is not None:
        assert settled == (READY if score(requirements, completion).ready else NOT_READY)


@properties
@given(partly_rated_rungs(), st.data())
def test_rating_one_more_skill_never_widens_the_range(rung, data):
    requirements, partial, _ = rung
    unrated = [r.skill for r in requirements if r.skill not in partial]
    if not unrated:
        return
    skill = data.draw(st.sampled_from(unrated))

    before = readiness_range(requirements, partial)
    after = readiness_range(requirements, {**partial, skill: data.draw(ratings_0_to_5)})

    assert before.low <= after.low
    assert after.high <= before.high


@properties
@given(partly_rated_rungs())
def test_with_every_skill_rated_the_range_is_the_final_readiness(rung):
    requirements, _, completion = rung

    bounds = readiness_range(requirements, completion)
    final = score(requirements, completion)

    assert bounds.low == bounds.high == final.readiness
    assert bounds.settled == (READY if final.ready else NOT_READY)


RUNG = [Requirement("python", 3, 5), Requirement("sql", 2, 4), Requirement("r", 2, 1)]
# Weights: python 15, sql 8, r 2; 25 in all.


@pytest.mark.parametrize(
    ("partial", "low", "high", "settled"),
    [
        ({}, 0.0, 100.0, None),
        ({"python": 3}, 60.0, 100.0, None),
        ({"python": 3, "sql": 2}, 92.0, 100.0, READY),
        ({"python": 1}, 20.0, 60.0, NOT_READY),  # python is blocking (gap 2, importance 5)
        ({"python": 2, "sql": 1}, 56.0, 64.0, NOT_READY),  # high < 80
        ({"python": 3, "sql": None}, 60.0, 100.0, None),  # None is unrated
        ({"python": 3, "sql": 2, "r": 0, "go": 5}, 92.0, 92.0, READY),  # strays ignored
    ],
)
def test_range_follows_the_worked_examples(partial, low, high, settled):
    bounds = readiness_range(RUNG, partial)

    assert (bounds.low, bounds.high, bounds.settled) == (low, high, settled)


def test_range_counts_rated_and_total_skills():
    bounds = readiness_range(RUNG, {"python": 3, "go": 4})

    assert (bounds.rated, bounds.total) == (1, 3)


def test_range_names_the_rated_skills_that_block():
    bounds = readiness_range(RUNG, {"python": 0, "sql": 0, "r": 0})

    assert bounds.blocking == ("python", "sql")


def test_ready_is_not_settled_while_an_unrated_skill_could_still_block():
    rung = [Requirement("python", 5, 5)] + [Requirement(f"s{n}", 5, 5) for n in range(9)]
    partial = {f"s{n}": 5 for n in range(9)}

    bounds = readiness_range(rung, partial)

    assert bounds.low == 90.0
    assert bounds.settled is None


def test_an_unrated_skill_of_level_1_cannot_block_so_ready_settles():
    rung = [Requirement("python", 1, 5), Requirement("sql", 5, 5)]

    assert readiness_range(rung, {"sql": 5}).settled == READY


def test_no_requirements_is_settled_ready_at_100():
    bounds = readiness_range([], {})

    assert (bounds.low, bounds.high, bounds.settled) == (100.0, 100.0, READY)


def test_range_refuses_a_rating_out_of_range_naming_the_skill():
    with pytest.raises(ValueError, match="python"):
        readiness_range(RUNG, {"python": 6})
