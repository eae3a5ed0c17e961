"""Progress on plain data (no database): hours, the projection and the goal."""

from __future__ import annotations

import datetime

import pytest

from assessments.planning import PlannedStep
from assessments.scoring import Requirement
from progress import chart, tracking

REQUIREMENTS = (Requirement("py", 3, 4), Requirement("sql", 3, 3), Requirement("git", 3, 2))
RATINGS = {"py": 1, "sql": 1, "git": 1}  # 9 / 27 = 33%


def _step(key, skill, hours, target):
    return PlannedStep(skill, key, "course", hours, "", target, False, False, key)


STEPS = (
    _step("step:1", "py", 10, 2),
    _step("step:2", "py", 20, 3),
    _step("practise:7", "sql", 20, 3),
    _step("step:3", "git", 6, 3),
)
TODAY = datetime.date(2027, 1, 4)


def _track(states, goal_date=None, hours_per_week=5):
    return tracking.track(
        STEPS,
        states,
        REQUIREMENTS,
        RATINGS,
        hours_per_week=hours_per_week,
        goal_date=goal_date,
        today=TODAY,
    )


def test_nothing_done_leaves_every_hour_and_no_projection():
    progress = _track({})

    assert (progress.hours_done, progress.hours_left) == (0, 56)
    assert progress.projected_pct is None
    assert progress.states == dict.fromkeys(["step:1", "step:2", "practise:7", "step:3"], "todo")


def test_doing_counts_as_left_and_done_as_done():
    progress = _track({"step:1": "doing", "step:2": "done"})

    assert (progress.hours_done, progress.hours_left, progress.done_count) == (20, 36, 1)


def test_the_projection_raises_a_done_steps_skill_to_its_target_level():
    progress = _track({"step:2": "done"})

    # Python 1 -> 3: (4*3 + 3*1 + 2*1) / 27 = 17 / 27 = 63%; measured stays 33%.
    assert (progress.measured_pct, progress.projected_pct) == (33, 63)


def test_a_done_step_below_the_rating_never_lowers_it():
    progress = tracking.track(
        STEPS[:1],
        {"step:1": "done"},
        REQUIREMENTS,
        {"py": 3, "sql": 1, "git": 1},
        hours_per_week=5,
    )

    assert progress.projected_pct == progress.measured_pct


def test_states_of_steps_off_the_plan_are_ignored():
    assert _track({"step:99": "done"}).hours_done == 0


def test_an_unknown_state_raises():
    with pytest.raises(ValueError, match="unknown state"):
        _track({"step:1": "finished"})


@pytest.mark.parametrize(
    ("target", "hours_left", "on_track", "behind", "weeks_left"),
    [
        (datetime.date(2027, 3, 29), 56, True, 0, 12.0),  # 56 h need 11.2 weeks; 12 left
        (datetime.date(2027, 3, 15), 56, False, 2, 10.0),  # 11.2 needed, 10 left: about 2
        (datetime.date(2027, 2, 8), 56, False, 7, 5.0),
        (datetime.date(2027, 1, 5), 0, True, 0, 0.1),  # nothing left: reached
    ],
)
def test_the_goal_compares_hours_left_with_weeks_left(
    target, hours_left, on_track, behind, weeks_left
):
    goal = tracking.goal_status(target, TODAY, hours_left, 5)

    assert (goal.on_track, goal.weeks_behind, goal.weeks_left) == (on_track, behind, weeks_left)


def test_behind_reads_as_a_sentence():
    goal = tracking.goal_status(datetime.date(2027, 3, 15), TODAY, 56, 5)

    assert goal.message.startswith("About 2 weeks behind: 56 hours left need 12 weeks at 5 h")


def test_a_passed_date_with_hours_left_is_overdue():
    goal = tracking.goal_status(datetime.date(2027, 1, 1), TODAY, 10, 5)

    assert goal.overdue
    assert not goal.on_track
    assert goal.weeks_left == 0
    assert (
        goal.message
        == "Your goal date, 1 January 2027, has passed with 10 hours left. Set a new date."
    )


def test_a_goal_needs_a_positive_pace():
    with pytest.raises(ValueError, match="Hours per week"):
        tracking.goal_status(datetime.date(2027, 3, 1), TODAY, 10, 0)


class TestChart:
    def test_days_are_placed_by_date_with_a_step_line(self):
        laid_out = chart.hours_chart(
            [
                (TODAY, 56),
                (TODAY + datetime.timedelta(days=1), 46),
                (TODAY + datetime.timedelta(days=10), 26),
            ]
        )

        xs = [point.x for point in laid_out.points]
        assert xs[0] < xs[1] < xs[2]
        assert (xs[1] - xs[0]) * 9 == pytest.approx(xs[2] - xs[1], abs=0.5)
        assert laid_out.polyline.count(",") == 5  # two corners a change, and the last point
        assert laid_out.grid[-1].label == "60 h"

    def test_one_point_sits_in_the_middle(self):
        laid_out = chart.hours_chart([(TODAY, 10)])

        assert laid_out.points[0].x == (chart.LEFT + chart.WIDTH - chart.RIGHT) / 2

    @pytest.mark.parametrize(
        "points", [[], [(TODAY, -1)], [(TODAY, 1), (TODAY - datetime.timedelta(days=1), 1)]]
    )
    def test_bad_input_raises(self, points):
        with pytest.raises(ValueError, match=r"point|negative|oldest"):
            chart.hours_chart(points)
