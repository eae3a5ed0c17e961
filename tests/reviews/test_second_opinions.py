"""The second opinions section, on plain data (no database).

Worked example (level required / importance, self-rating):

    A 3/5 self 1     Sam 3 "Led the rewrite"   Kim 4
    B 3/4 self 3     Sam 1                      Kim 3
    C 2/2 self 2                                Kim 3
    D 4/1 self 4     (not reviewed)

Self: readiness (5*1 + 4*3 + 2*2 + 1*4) / (15 + 12 + 4 + 4) = 25/35 = 71.4%, A blocking.
Reviewed (median, the lower middle when split): A 3, B 1, C 3, D 4 (self):
(5*3 + 4*1 + 2*2 + 1*4) / 35 = 27/35 = 77.1%, B blocking.
"""

from __future__ import annotations

import datetime

import pytest

from assessments.report.gaps import NOT_READY_VERDICT, score_rows
from assessments.report.inputs import Row
from reviews.second_opinions import Review, build_second_opinions

WHEN = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def _row(slug, required, importance, rated):
    return Row(slug.upper(), slug, None, "Programming", required, importance, rated, "")


ROWS = (_row("a", 3, 5, 1), _row("b", 3, 4, 3), _row("c", 2, 2, 2), _row("d", 4, 1, 4))
SAM = Review("Sam", WHEN, {"a": (3, "Led the rewrite"), "b": (1, "")})
KIM = Review("Kim", WHEN + datetime.timedelta(days=1), {"a": (4, ""), "b": (3, ""), "c": (3, "")})


def _build(reviews=(SAM, KIM), rows=ROWS):
    return build_second_opinions(rows, score_rows(rows), reviews, rung_title="Mid")


def test_the_self_assessed_outcome_is_the_reports_own():
    outcome = _build().self_assessed

    assert outcome.readiness == pytest.approx(100 * 25 / 35)
    assert outcome.blocking == ("A",)
    assert outcome.verdict == NOT_READY_VERDICT


def test_readiness_is_recomputed_on_the_median_where_reviewed_and_self_elsewhere():
    assert _build().reviewed.readiness == pytest.approx(100 * 27 / 35)


def test_the_median_of_an_even_split_is_the_lower_middle_rating():
    by_skill = {skill.skill: skill for skill in _build().skills}

    assert by_skill["A"].median == 3  # Sam 3, Kim 4
    assert by_skill["B"].median == 1  # Sam 1, Kim 3


def test_blocking_gaps_are_recomputed_on_the_reviewed_ratings():
    assert _build().reviewed.blocking == ("B",)


def test_reviewers_who_rate_everything_met_make_the_verdict_ready():
    ready = Review("Kim", WHEN, {"a": (3, ""), "b": (3, "")})

    outcome = _build(reviews=(ready,)).reviewed

    assert outcome.ready is True
    assert outcome.verdict == "Ready for Mid"


def test_disagreements_of_two_levels_or_more_are_flagged():
    flagged = {skill.skill: skill.flagged for skill in _build().skills}

    assert flagged == {"A": True, "B": True, "C": False}


def test_flagged_skills_come_first_then_the_reports_priority_order():
    calm = Review("Kim", WHEN, {"c": (4, ""), "a": (2, ""), "b": (5, "")})

    assert [skill.skill for skill in _build(reviews=(calm,)).skills] == ["B", "C", "A"]


def test_a_skill_no_reviewer_rated_is_left_out_and_counted():
    opinions = _build()

    assert "D" not in [skill.skill for skill in opinions.skills]
    assert opinions.unreviewed_count == 1


def test_each_skill_lists_every_reviewers_opinion_in_review_order():
    a = _build().skills[0]

    assert [(o.reviewer, o.level, o.delta) for o in a.opinions] == [("Sam", 3, 2), ("Kim", 4, 3)]
    assert a.opinions[0].comment == "Led the rewrite"


def test_a_reviewer_who_skipped_a_skill_has_no_opinion_on_it():
    c = next(skill for skill in _build().skills if skill.skill == "C")

    assert c.opinions[0] is None


def test_each_review_is_scored_on_its_own_with_the_self_rating_elsewhere():
    sam, kim = _build().reviews

    assert sam.readiness == pytest.approx(100 * 27 / 35)
    assert kim.readiness == pytest.approx(100.0)
    assert (sam.ready, kim.ready) == (False, True)


def test_a_reviews_items_are_the_skills_it_rated_with_the_difference():
    sam = _build().reviews[0]

    assert [(i.skill, i.self_level, i.reviewer_level, i.delta) for i in sam.items] == [
        ("A", 1, 3, 2),
        ("B", 3, 1, -2),
    ]


def test_without_reviews_there_is_nothing_to_show_and_nothing_changes():
    opinions = _build(reviews=())

    assert not opinions.has_reviews
    assert opinions.skills == ()
    assert opinions.reviewed == opinions.self_assessed


def test_the_outcomes_come_side_by_side_self_first():
    opinions = _build()

    assert [outcome for outcome, _ in opinions.outcomes] == [
        opinions.self_assessed,
        opinions.reviewed,
    ]


@pytest.mark.parametrize(
    ("level", "label", "words", "direction"),
    [
        (3, "+2", "2 levels above the self-rating", "up"),
        (2, "+1", "1 level above the self-rating", "up"),
        (1, "", "the same as the self-rating", "same"),
        (0, "\u22121", "1 level below the self-rating", "down"),
    ],
)
def test_each_opinion_says_how_far_it_is_from_the_self_rating(level, label, words, direction):
    review = Review("Sam", WHEN, {"a": (level, "")})  # A's self-rating is 1

    (opinion,) = _build(reviews=(review,)).skills[0].opinions

    assert (opinion.delta_label, opinion.delta_words, opinion.direction) == (
        label,
        words,
        direction,
    )


def test_one_reviewer_has_no_median_to_show_and_two_have():
    assert not _build(reviews=(SAM,)).shows_median
    assert _build(reviews=(SAM, KIM)).shows_median
