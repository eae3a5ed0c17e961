"""Properties of score() that must hold for every input, checked with hypothesis."""

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
    Requirement,
    earned,
    readiness_of,
    score,
    weight,
)

# Slow shared CI machines: no per-example deadline, and a few hundred examples at most,
# so the whole module runs in seconds.
settings.register_profile(
    "scoring", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
properties = settings(settings.get_profile("scoring"))

SKILLS = [f"skill-{n:02}" for n in range(12)]
levels = st.integers(MIN_LEVEL, MAX_LEVEL)
importances = st.integers(MIN_IMPORTANCE, MAX_IMPORTANCE)
in_range_ratings = st.integers(MIN_RATING, MAX_RATING)


@st.composite
def rungs(draw, min_size=0):
    """Requirements with unique skills, plus ratings for some of them (and some strays)."""
    skills = draw(st.lists(st.sampled_from(SKILLS), min_size=min_size, unique=True))
    requirements = [Requirement(skill, draw(levels), draw(importances)) for skill in skills]
    rated = draw(st.lists(st.sampled_from(SKILLS), unique=True))
    ratings = {skill: draw(in_range_ratings) for skill in rated}
    return requirements, ratings


@properties
@given(rungs())
def test_readiness_stays_between_0_and_100(rung):
    requirements, ratings = rung

    report = score(requirements, ratings)

    assert 0.0 <= report.readiness <= 100.0
    assert 0 <= report.readiness_pct <= 100


@properties
@given(rungs())
def test_summed_earned_and_weight_give_scores_readiness_to_the_last_bit(rung):
    # What the rung index relies on to rank moves without scoring every rung.
    requirements, ratings = rung
    achieved = sum(earned(r.level, r.importance, ratings.get(r.skill, 0)) for r in requirements)
    possible = sum(weight(r.level, r.importance) for r in requirements)

    assert readiness_of(achieved, possible) == score(requirements, ratings).readiness


@properties
@given(rungs(min_size=1), st.data())
def test_raising_a_rating_never_lowers_readiness(rung, data):
    requirements, ratings = rung
    skill = data.draw(st.sampled_from([req.skill for req in requirements]))
    before = ratings.get(skill, 0)
    after = data.draw(st.integers(before, MAX_RATING))

    lower = score(requirements, ratings)
    higher = score(requirements, {**ratings, skill: after})

    assert higher.readiness >= lower.readiness


@properties
@given(rungs())
def test_gaps_and_surpluses_are_never_negative(rung):
    requirements, ratings = rung

    report = score(requirements, ratings)

    for item in report.items:
        assert item.gap >= 0
        assert item.surplus >= 0
        assert item.weighted_gap == item.importance * item.gap
        assert item.gap == 0 or item.surplus == 0


@properties
@given(rungs())
def test_a_surplus_never_raises_readiness(rung):
    requirements, ratings = rung
    capped = dict(ratings)
    for req in requirements:
        if req.skill in capped:
            capped[req.skill] = min(capped[req.skill], req.level)

    with_surplus = score(requirements, ratings)
    at_level = score(requirements, capped)

    assert with_surplus.readiness == at_level.readiness
    assert with_surplus.ready == at_level.ready


@properties
@given(rungs(), st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_result(rung, random):
    requirements, ratings = rung
    shuffled_requirements = random.sample(requirements, len(requirements))
    shuffled_ratings = dict(random.sample(list(ratings.items()), len(ratings)))

    assert score(shuffled_requirements, shuffled_ratings) == score(requirements, ratings)


@properties
@given(rungs(), st.integers().filter(lambda n: not MIN_LEVEL <= n <= MAX_LEVEL))
def test_out_of_range_level_raises(rung, level):
    requirements, ratings = rung

    with pytest.raises(ValueError, match="odd-one"):
        score([*requirements, Requirement("odd-one", level, 3)], ratings)


@properties
@given(rungs(), st.integers().filter(lambda n: not MIN_IMPORTANCE <= n <= MAX_IMPORTANCE))
def test_out_of_range_importance_raises(rung, importance):
    requirements, ratings = rung

    with pytest.raises(ValueError, match="odd-one"):
        score([*requirements, Requirement("odd-one", 3, importance)], ratings)


@properties
@given(
    rungs(),
    st.one_of(
        st.integers().filter(lambda n: not MIN_RATING <= n <= MAX_RATING),
        st.floats(allow_nan=True),
        st.booleans(),
        st.text(),
    ),
)
def test_out_of_range_or_non_int_rating_raises(rung, rating):
    requirements, ratings = rung

    with pytest.raises(ValueError, match="odd-one"):
        score([*requirements, Requirement("odd-one", 3, 3)], {**ratings, "odd-one": rating})
