"""bench/settle.py: after how many ratings readiness_range settles the verdict."""

from __future__ import annotations

import random

from assessments.scoring import Requirement
from bench.settle import random_profile, settled_after

RUNG = [Requirement("python", 3, 5), Requirement("sql", 2, 4), Requirement("r", 2, 1)]


def test_a_blocking_first_rating_settles_after_one():
    assert settled_after(RUNG, ["python", "sql", "r"], {"python": 0, "sql": 2, "r": 2}) == 1


def test_a_verdict_that_needs_every_rating_settles_after_all_of_them():
    # python and sql met: low 92% >= 80 and nothing unrated can block, so ready after two.
    assert settled_after(RUNG, ["python", "sql", "r"], {"python": 3, "sql": 2, "r": 0}) == 2
    assert settled_after(RUNG, ["r", "sql", "python"], {"python": 3, "sql": 2, "r": 0}) == 3


def test_profiles_rate_every_skill_from_0_to_5():
    rng = random.Random(1)

    for uniform in (False, True):
        profile = random_profile(rng, RUNG, uniform)
        assert set(profile) == {"python", "sql", "r"}
        assert all(0 <= level <= 5 for level in profile.values())
