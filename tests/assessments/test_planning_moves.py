"""Moves at any framework size: the rung index and the candidates it picks (planning.py).

The one promise: ranking only `move_candidates` gives exactly what ranking every rung of
every other role gives, in the same order. Checked on hand-made cases where ties decide,
then with hypothesis on random frameworks and profiles.
"""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.planning import index_rungs, move_candidates, rank_rungs
from assessments.scoring import (
    DUPLICATE_ERROR,
    IMPORTANCE_ERROR,
    LEVEL_ERROR,
    RATING_ERROR,
    Requirement,
)

# Slow shared machines: no per-example deadline; a few hundred frameworks run in seconds.
properties = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)

LIMIT = 5


def _framework(ladder):
    """`ladder`: [(rung, role, {skill: (level, importance)})] in ladder order ->
    (rungs as index_rungs takes them, requirements as index_rungs takes them, by rung)."""
    rungs = [(rung, role) for rung, role, _ in ladder]
    rows = [
        (rung, skill, level, importance)
        for rung, _, needs in ladder
        for skill, (level, importance) in needs.items()
    ]
    by_rung = {
        rung: [
            Requirement(skill, level, importance) for skill, (level, importance) in needs.items()
        ]
        for rung, _, needs in ladder
    }
    return rungs, rows, by_rung


def _reference(ladder, by_rung, ratings, fallback, own_role, limit=LIMIT):
    """What a report did before the index: rank every rung of every other role."""
    others = {rung: by_rung[rung] for rung, role, _ in ladder if role != own_role and by_rung[rung]}
    return rank_rungs(others, ratings, fallback, limit=limit)


def _through_the_index(ladder, by_rung, ratings, fallback, own_role, limit=LIMIT):
    rungs, rows, _ = _framework(ladder)
    index = index_rungs(rungs, rows)
    chosen = move_candidates(index, ratings, fallback, exclude_group=own_role, limit=limit)
    return rank_rungs({rung: by_rung[rung] for rung in chosen}, ratings, fallback, limit=limit)


LADDER = [
    ("junior", "ai", {"python": (2, 3), "sql": (2, 2)}),
    ("senior", "ai", {"python": (4, 5), "sql": (3, 3)}),
    ("analyst", "data", {"sql": (3, 3), "excel": (3, 2)}),
    ("scientist", "data", {"python": (3, 4), "stats": (4, 5)}),
    ("empty", "data", {}),
    ("dba", "ops", {"sql": (4, 4)}),
    ("sre", "ops", {"linux": (3, 3), "k8s": (3, 3)}),
    ("writer", "docs", {"writing": (2, 1)}),
    ("editor", "docs", {"writing": (3, 2), "style": (3, 1)}),
]


class TestCandidates:
    def test_they_are_the_rungs_sharing_a_skill_rated_above_zero_in_ladder_order(self):
        rungs, rows, _ = _framework(LADDER)

        chosen = move_candidates(
            index_rungs(rungs, rows), {"sql": 3}, {}, exclude_group="ai", limit=2
        )

        # analyst 9/15 = 60%, dba 12/16 = 75%: both touched, in ladder order
        assert chosen == ("analyst", "dba")

    def test_the_persons_own_role_is_never_a_candidate(self):
        rungs, rows, _ = _framework(LADDER)

        chosen = move_candidates(
            index_rungs(rungs, rows), {"python": 5, "sql": 5}, {}, exclude_group="ai", limit=9
        )

        assert not {"junior", "senior"} & set(chosen)

    def test_every_rung_tied_with_the_last_place_is_kept(self):
        ladder = [(f"r{n}", f"role{n}", {"sql": (2, 1)}) for n in range(8)]
        rungs, rows, _ = _framework(ladder)

        chosen = move_candidates(
            index_rungs(rungs, rows), {"sql": 1}, {}, exclude_group="x", limit=3
        )

        assert len(chosen) == 8  # all at 50%: the later sort keys decide

    def test_too_few_touched_rungs_are_topped_up_with_the_lightest_untouched(self):
        rungs, rows, _ = _framework(LADDER)

        chosen = move_candidates(
            index_rungs(rungs, rows), {"k8s": 2}, {}, exclude_group="ai", limit=3
        )

        # sre is touched; then the least total weight: writer (2), editor (9); the rung
        # that requires nothing is never a move
        assert chosen == ("sre", "writer", "editor")

    def test_a_zero_rating_here_hides_the_fallback_as_in_rate_rung(self):
        rungs, rows, _ = _framework(LADDER)
        index = index_rungs(rungs, rows)

        chosen = move_candidates(index, {"sql": 0}, {"sql": 4}, exclude_group="ai", limit=1)

        assert chosen == ("writer",)  # nothing touched: the lightest rung

    def test_the_fallback_counts_where_this_assessment_did_not_rate(self):
        rungs, rows, _ = _framework(LADDER)
        index = index_rungs(rungs, rows)

        chosen = move_candidates(index, {}, {"stats": 4}, exclude_group="ai", limit=1)

        assert chosen == ("scientist",)

    def test_a_limit_of_zero_chooses_nothing(self):
        rungs, rows, _ = _framework(LADDER)

        assert (
            move_candidates(index_rungs(rungs, rows), {"sql": 3}, {}, exclude_group="ai", limit=0)
            == ()
        )

    def test_a_negative_limit_is_refused(self):
        rungs, rows, _ = _framework(LADDER)

        with pytest.raises(ValueError, match="Limit"):
            move_candidates(index_rungs(rungs, rows), {}, {}, exclude_group="ai", limit=-1)

    def test_a_rating_out_of_range_that_gets_used_is_refused(self):
        rungs, rows, _ = _framework(LADDER)

        message = RATING_ERROR.format(skill="sql", value=6)

        with pytest.raises(ValueError, match=re.escape(message)):
            move_candidates(index_rungs(rungs, rows), {"sql": 6}, {}, exclude_group="ai", limit=1)


class TestIndex:
    def test_it_survives_a_round_trip_through_pickle_as_a_shared_cache_makes_it(self):
        rungs, rows, _ = _framework(LADDER)
        index = index_rungs(rungs, rows)

        assert pickle.loads(pickle.dumps(index)) == index

    def test_an_empty_framework_gives_an_empty_index(self):
        index = index_rungs([], [])

        assert move_candidates(index, {"sql": 3}, {}, exclude_group="ai", limit=5) == ()

    @pytest.mark.parametrize(
        ("level", "importance", "message"),
        [
            (0, 3, LEVEL_ERROR.format(skill="sql", value=0)),
            (True, 3, LEVEL_ERROR.format(skill="sql", value=True)),
            (3.0, 3, LEVEL_ERROR.format(skill="sql", value=3.0)),
            (3, 6, IMPORTANCE_ERROR.format(skill="sql", value=6)),
        ],
    )
    def test_a_requirement_out_of_range_is_refused_naming_the_skill(
        self, level, importance, message
    ):
        with pytest.raises(ValueError, match=re.escape(message)):
            index_rungs([("dba", "ops")], [("dba", "sql", level, importance)])

    def test_a_skill_twice_on_one_rung_is_refused(self):
        message = DUPLICATE_ERROR.format(skill="sql")

        with pytest.raises(ValueError, match=re.escape(message)):
            index_rungs([("dba", "ops")], [("dba", "sql", 3, 3), ("dba", "sql", 4, 4)])

    def test_a_requirement_of_an_unknown_rung_is_refused(self):
        with pytest.raises(ValueError, match="'sql'"):
            index_rungs([("dba", "ops")], [("ghost", "sql", 3, 3)])


class TestSameAsRankingEveryRung:
    @pytest.mark.parametrize(
        ("ratings", "fallback"),
        [
            ({}, {}),
            ({"sql": 3}, {}),
            ({"sql": 5, "python": 1}, {"stats": 2}),
            ({"writing": 3, "style": 3}, {"linux": 5, "k8s": 1}),
            ({"python": 0}, {"python": 5, "excel": 4}),
        ],
    )
    def test_on_hand_made_profiles(self, ratings, fallback):
        _, _, by_rung = _framework(LADDER)

        for own in ("ai", "data", "ops", "docs"):
            expected = _reference(LADDER, by_rung, ratings, fallback, own)
            assert _through_the_index(LADDER, by_rung, ratings, fallback, own) == expected


SKILLS = [f"s{n}" for n in range(10)]
requirement = st.tuples(st.integers(1, 5), st.integers(1, 5))
rung_needs = st.dictionaries(st.sampled_from(SKILLS), requirement, max_size=6)
ladders = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d", "e", "f"]), rung_needs), max_size=14
).map(lambda rows: [(f"rung{n}", role, needs) for n, (role, needs) in enumerate(rows)])
ratings = st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 5), max_size=10)


@properties
@given(ladders, ratings, ratings, st.sampled_from("abcdefg"), st.integers(0, 7))
def test_ranking_the_candidates_is_ranking_every_rung(ladder, here, elsewhere, own, limit):
    _, _, by_rung = _framework(ladder)

    expected = _reference(ladder, by_rung, here, elsewhere, own, limit)

    assert _through_the_index(ladder, by_rung, here, elsewhere, own, limit) == expected
