"""Learning plans, next rungs, lateral moves, the ladder and rating history (DESIGN.md §5)."""

from __future__ import annotations

import pytest

from assessments.planning import (
    GENERIC_HOURS_PER_LEVEL,
    GENERIC_TITLE,
    HOURS_PER_WEEK_ERROR,
    TOP_GAPS,
    RatingChange,
    RungChange,
    Step,
    compare_ratings,
    compare_rungs,
    place_on_ladder,
    plan_learning,
    rank_rungs,
    rate_rung,
    weeks_for,
)
from assessments.scoring import Requirement, score
from careers.proficiency import SCALE

LEVEL_NAMES = [level.name for level in SCALE]


def _plan(requirements, ratings, steps, hours_per_week=5, names=None):
    return plan_learning(
        score(requirements, ratings), steps, hours_per_week=hours_per_week, names=names
    )


def _titles(plan):
    return [step.title for step in plan.steps]


# Learning plan


def test_plan_takes_every_step_between_rating_and_required_level_by_target_level():
    steps = {
        "python": [
            Step("Expert talk", "community", 2, 5),
            Step("Build a CLI", "project", 20, 4),
            Step("Intro course", "course", 8, 2),
            Step("Too basic", "reading", 1, 1),
            Step("A book", "reading", 6, 3),
            Step("Advanced course", "course", 12, 3),
        ]
    }

    plan = _plan([Requirement("python", 4, 3)], {"python": 1}, steps)

    assert _titles(plan) == ["Intro course", "A book", "Advanced course", "Build a CLI"]
    assert [step.target_level for step in plan.steps] == [2, 3, 3, 4]
    assert not any(step.generic for step in plan.steps)


def test_plan_falls_back_to_the_nearest_step_above_the_rating():
    steps = {
        "python": [
            Step("Far above", "course", 1, 5),
            Step("Long nearest", "course", 30, 4),
            Step("Short nearest", "project", 10, 4),
            Step("Below", "reading", 1, 1),
        ]
    }

    plan = _plan([Requirement("python", 3, 3)], {"python": 2}, steps)

    # Nothing targets level 3 exactly, so the single nearest step above 2 is chosen:
    # target level 4, and of those the fewest hours. It reaches past 3: no practice step.
    assert _titles(plan) == ["Short nearest"]


def test_nearest_step_ties_on_level_and_hours_break_by_title():
    steps = {"sql": [Step("Beta", "course", 5, 5), Step("Alpha", "course", 5, 5)]}

    plan = _plan([Requirement("sql", 3, 3)], {}, steps)

    assert _titles(plan) == ["Alpha"]


@pytest.mark.parametrize(
    ("required", "rated", "hours"),
    [(5, 0, 50.0), (3, 1, 20.0), (2, 1, 10.0)],
)
def test_generic_step_when_the_skill_has_no_step_above_the_rating(required, rated, hours):
    steps = {"docker": [Step("Below", "reading", 1, 1)] if rated >= 1 else []}

    plan = _plan([Requirement("docker", required, 4)], {"docker": rated}, steps)

    (step,) = plan.steps
    assert step.generic is True
    assert step.title == GENERIC_TITLE.format(name="docker", level=LEVEL_NAMES[required])
    assert (step.kind, step.url, step.target_level) == ("practice", "", required)
    assert step.hours == hours == GENERIC_HOURS_PER_LEVEL * (required - rated)


def test_generic_step_covers_the_levels_the_framework_steps_stop_short_of():
    steps = {"r": [Step("R basics", "course", 8, 2), Step("R modelling", "project", 15, 3)]}

    plan = _plan([Requirement("r", 5, 5)], {"r": 1}, steps, names={"r": "R"})

    assert [(s.title, s.target_level, s.hours, s.generic) for s in plan.steps] == [
        ("R basics", 2, 8.0, False),
        ("R modelling", 3, 15.0, False),
        ("Work on “R” until you reach Expert", 5, 20.0, True),
    ]
    # 8 + 15 + 2 levels of practice at 10 hours; all blocking (importance 5, gap 4).
    assert (plan.total_hours, plan.blocking_hours) == (43.0, 43.0)
    assert plan.weeks_to_ready_all == 9  # 43 / 5 = 8.6, rounded up


def test_generic_step_starts_where_the_nearest_step_above_the_rating_stops():
    steps = {"sql": [Step("Basics", "course", 4, 1)]}

    plan = _plan([Requirement("sql", 4, 3)], {"sql": 0}, steps)

    assert [(s.title, s.target_level, s.hours) for s in plan.steps] == [
        ("Basics", 1, 4.0),
        (GENERIC_TITLE.format(name="sql", level="Advanced"), 4, 30.0),
    ]


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Python", "Work on “Python” until you reach Proficient"),
        (
            "apply for research funding",
            "Work on “apply for research funding” until you reach Proficient",
        ),
        ("manage a team", "Work on “manage a team” until you reach Proficient"),
        ("statistics", "Work on “statistics” until you reach Proficient"),
    ],
)
def test_generic_step_reads_as_a_sentence_for_nouns_and_esco_verb_phrases(name, title):
    plan = _plan([Requirement(7, 3, 2)], {}, {}, names={7: name})

    assert _titles(plan) == [title]


def test_plan_has_no_steps_for_skills_already_met():
    steps = {"python": [Step("Course", "course", 10, 3)], "sql": [Step("Book", "reading", 4, 2)]}

    plan = _plan([Requirement("python", 3, 5), Requirement("sql", 2, 1)], {"python": 4}, steps)

    assert _titles(plan) == ["Book"]


def test_plan_follows_the_report_priority_across_skills():
    requirements = [
        Requirement("low", 2, 1),  # weighted gap 2
        Requirement("top", 4, 5),  # weighted gap 20
        Requirement("mid", 3, 3),  # weighted gap 9
    ]
    steps = {
        "low": [Step("Low step", "course", 1, 2)],
        "top": [Step("Top 4", "project", 1, 4), Step("Top 2", "course", 1, 2)],
        "mid": [Step("Mid step", "reading", 1, 3)],
    }

    plan = _plan(requirements, {}, steps)

    assert _titles(plan) == ["Top 2", "Top 4", "Mid step", "Low step"]


def test_plan_totals_hours_and_hours_for_blocking_gaps():
    requirements = [Requirement("ml", 4, 5), Requirement("sql", 3, 2), Requirement("git", 2, 4)]
    ratings = {"ml": 1, "sql": 1, "git": 1}
    steps = {
        "ml": [Step("ML course", "course", 12, 3), Step("ML project", "project", 20, 4)],
        "sql": [Step("SQL book", "reading", 6, 3)],
    }

    plan = _plan(requirements, ratings, steps, hours_per_week=5)

    # ml: gap 3, importance 5 -> blocking; 12 + 20 = 32 h
    # sql: gap 2, importance 2 -> not blocking; 6 h
    # git: gap 1 -> not blocking; no steps, generic 10 h
    # git and sql tie on weighted gap (4); git's higher importance puts it first.
    assert [(step.title, step.blocking) for step in plan.steps] == [
        ("ML course", True),
        ("ML project", True),
        ("Work on “git” until you reach Foundational", False),
        ("SQL book", False),
    ]
    assert plan.blocking_hours == 32.0
    assert plan.total_hours == 48.0
    assert plan.hours_per_week == 5
    assert plan.weeks_to_ready_blocking == 7  # 32 / 5 = 6.4, rounded up
    assert plan.weeks_to_ready_all == 10  # 48 / 5 = 9.6, rounded up


def test_plan_with_nothing_to_close_takes_zero_weeks():
    plan = _plan([Requirement("python", 3, 5)], {"python": 3}, {})

    assert plan.steps == ()
    assert (plan.total_hours, plan.blocking_hours) == (0.0, 0.0)
    assert (plan.weeks_to_ready_blocking, plan.weeks_to_ready_all) == (0, 0)


@pytest.mark.parametrize(
    ("hours", "hours_per_week", "weeks"),
    [(0, 5, 0), (1, 5, 1), (5, 5, 1), (5.5, 5, 2), (10, 5, 2), (11, 5, 3), (1.1, 0.1, 11)],
)
def test_weeks_are_whole_weeks_rounded_up(hours, hours_per_week, weeks):
    assert weeks_for(hours, hours_per_week) == weeks


@pytest.mark.parametrize("hours_per_week", [0, -1, 0.0, float("nan")])
def test_hours_per_week_must_be_positive(hours_per_week):
    report = score([Requirement("python", 3, 5)], {})

    with pytest.raises(ValueError, match="Hours per week") as raised:
        plan_learning(report, {}, hours_per_week=hours_per_week)

    assert str(raised.value) == HOURS_PER_WEEK_ERROR.format(value=hours_per_week)


def test_step_with_out_of_range_target_level_raises_naming_the_skill():
    report = score([Requirement("python", 3, 5)], {})

    with pytest.raises(ValueError, match="python"):
        plan_learning(report, {"python": [Step("Odd", "course", 5, 6)]}, hours_per_week=5)


# Next rungs and moves across roles


def test_rate_rung_falls_back_to_latest_submitted_then_marks_unrated():
    requirements = [Requirement("python", 3, 5), Requirement("sql", 3, 3), Requirement("ml", 3, 1)]
    ratings = {"python": 3, "sql": None}
    fallback = {"python": 1, "sql": 2}

    option = rate_rung("senior", requirements, ratings, fallback)

    rated = {item.skill: item.rated for item in option.report.items}
    assert rated == {"python": 3, "sql": 2, "ml": 0}
    assert option.unrated == frozenset({"ml"})
    assert (option.rated_count, option.requirement_count) == (2, 3)
    # achieved = 5*3 + 3*2 + 1*0 = 21; possible = 5*3 + 3*3 + 1*3 = 27
    assert option.report.readiness == pytest.approx(100 * 21 / 27)


def test_rate_rung_top_gaps_are_the_first_three_gaps_in_priority_order():
    requirements = [Requirement(f"s{n}", n, 1) for n in range(1, 6)]
    requirements.append(Requirement("met", 1, 5))

    option = rate_rung("lead", requirements, {"met": 1}, {})

    assert TOP_GAPS == 3
    assert option.top_gaps == ("s5", "s4", "s3")


def test_rank_rungs_orders_by_readiness_then_weighted_gap_then_given_order():
    ratings = {"a": 4, "b": 3}
    rungs = {
        "first-half": [Requirement("a", 4, 1), Requirement("z", 4, 1)],  # 4/8, weighted gap 4
        "blocked": [Requirement("a", 4, 4), Requirement("b", 5, 4)],  # 28/36 = 77.8%
        "all-met": [Requirement("a", 4, 2)],  # 8/8
        "second-half": [Requirement("a", 4, 1), Requirement("y", 4, 1)],  # 4/8, weighted gap 4
        "half-smaller-gap": [Requirement("a", 2, 1), Requirement("x", 2, 1)],  # 2/4, wg 2
    }

    ranked = rank_rungs(rungs, ratings, {})

    assert [option.rung for option in ranked] == [
        "all-met",
        "blocked",
        "half-smaller-gap",
        "first-half",
        "second-half",
    ]


def test_rank_rungs_puts_ready_first_at_equal_readiness():
    ratings = {"a": 4, "c": 2, "d": 4, "e": 2}
    rungs = {
        # 4*2 + 4*4 + 4*2 = 32 of 16 + 16 + 8 = 40 -> 80%, but "c" is blocking
        "blocked": [Requirement("c", 4, 4), Requirement("d", 4, 4), Requirement("e", 2, 4)],
        # 4 of 5 -> 80%, nothing blocking
        "ready": [Requirement("a", 5, 1)],
    }

    ranked = rank_rungs(rungs, ratings, {})

    assert [(o.rung, o.report.readiness, o.report.ready) for o in ranked] == [
        ("ready", 80.0, True),
        ("blocked", 80.0, False),
    ]


def test_rank_rungs_uses_the_fallback_ratings_too():
    rungs = {
        "data-engineer": [Requirement("sql", 4, 3), Requirement("spark", 4, 3)],
        "ml-engineer": [Requirement("python", 4, 3)],
    }

    ranked = rank_rungs(rungs, {"python": 2}, {"sql": 4, "spark": 4, "python": 5})

    assert [o.rung for o in ranked] == ["data-engineer", "ml-engineer"]
    assert [o.rated_count for o in ranked] == [2, 1]
    assert all(o.unrated == frozenset() for o in ranked)


@pytest.mark.parametrize(("limit", "count"), [(None, 7), (5, 5), (10, 7), (0, 0)])
def test_rank_rungs_limit_keeps_the_best(limit, count):
    rungs = {f"rung-{n}": [Requirement("python", n, 1)] for n in range(1, 6)}
    rungs |= {"extra-a": [Requirement("sql", 1, 1)], "extra-b": [Requirement("git", 5, 5)]}

    ranked = rank_rungs(rungs, {"python": 3, "sql": 1}, {}, limit=limit)

    everything = rank_rungs(rungs, {"python": 3, "sql": 1}, {})
    assert len(ranked) == count
    assert ranked == everything[:count]


def test_rank_rungs_refuses_a_negative_limit():
    with pytest.raises(ValueError, match="Limit"):
        rank_rungs({}, {}, {}, limit=-1)


# What changes at the next rung


def test_compare_rungs_lists_raised_levels_and_new_skills():
    current = [
        Requirement("python", 3, 5),
        Requirement("sql", 2, 3),
        Requirement("git", 3, 2),
        Requirement("excel", 2, 1),
        Requirement("docker", 1, 2),
    ]
    target = [
        Requirement("python", 4, 5),  # +1
        Requirement("sql", 4, 3),  # +2
        Requirement("git", 2, 2),  # falls: not listed
        Requirement("docker", 2, 2),  # +1
        Requirement("mlops", 3, 4),  # new
        Requirement("leadership", 4, 3),  # new
        Requirement("cloud", 3, 3),  # new
    ]

    changes = compare_rungs(current, target)

    assert changes.raised == (
        RungChange("sql", 2, 4),
        RungChange("docker", 1, 2),
        RungChange("python", 3, 4),
    )
    assert changes.new == (
        RungChange("leadership", None, 4),
        RungChange("cloud", None, 3),
        RungChange("mlops", None, 3),
    )


def test_compare_rungs_with_nothing_new_is_empty():
    rung = [Requirement("python", 3, 5)]

    changes = compare_rungs(rung, rung)

    assert (changes.raised, changes.new) == ((), ())


# Ladder position


LADDER = [
    ("junior", [Requirement("python", 2, 3), Requirement("sql", 1, 2)]),
    ("mid", [Requirement("python", 3, 3), Requirement("sql", 3, 3)]),
    ("senior", [Requirement("python", 4, 4), Requirement("sql", 4, 3)]),
    ("lead", [Requirement("python", 5, 4), Requirement("sql", 5, 3)]),
]


def test_ladder_current_is_the_highest_ready_rung():
    ladder = place_on_ladder(LADDER, {"python": 4}, {"sql": 3})

    # senior: 4*4 + 3*3 = 25 of 16 + 12 = 28 -> 89.3%, and no gap of 2 -> ready
    # lead:   4*4 + 3*3 = 25 of 20 + 15 = 35 -> 71.4%
    assert [(s.rung, s.ready, s.is_current) for s in ladder.steps] == [
        ("junior", True, False),
        ("mid", True, False),
        ("senior", True, True),
        ("lead", False, False),
    ]
    assert ladder.current == "senior"
    assert ladder.steps[2].readiness == pytest.approx(100 * 25 / 28)
    assert ladder.steps[2].readiness_pct == 89


def test_ladder_current_skips_a_lower_rung_that_is_not_ready():
    ladder_with_a_dip = [
        ("first", [Requirement("python", 1, 1)]),
        ("second", [Requirement("excel", 3, 5)]),
        ("third", [Requirement("python", 2, 1)]),
    ]

    ladder = place_on_ladder(ladder_with_a_dip, {"python": 2})

    assert [s.ready for s in ladder.steps] == [True, False, True]
    assert ladder.current == "third"


def test_ladder_current_is_none_when_ready_nowhere():
    ladder = place_on_ladder(LADDER, {"python": 1})

    assert ladder.current is None
    assert not any(s.is_current for s in ladder.steps)
    assert [s.rung for s in ladder.steps] == ["junior", "mid", "senior", "lead"]


# Change since the previous assessment


def test_compare_ratings_gives_directions_biggest_move_first():
    previous = {"python": 2, "sql": 4, "git": 3, "excel": 5, "docker": None}
    current = {"python": 5, "sql": 3, "git": 3, "mlops": 2, "docker": 1, "cloud": None}

    changes = compare_ratings(previous, current)

    assert changes == (
        RatingChange("python", 2, 5, 3, "up"),
        RatingChange("mlops", None, 2, 2, "new"),
        RatingChange("docker", None, 1, 1, "new"),
        RatingChange("sql", 4, 3, -1, "down"),
        RatingChange("git", 3, 3, 0, "same"),
    )


def test_compare_ratings_ties_on_size_break_by_skill():
    changes = compare_ratings({"b": 1, "a": 3}, {"b": 3, "a": 1})

    assert [(c.skill, c.delta) for c in changes] == [("a", -2), ("b", 2)]


def test_compare_ratings_refuses_an_out_of_range_rating_naming_the_skill():
    with pytest.raises(ValueError, match="python"):
        compare_ratings({"python": 9}, {"python": 3})
