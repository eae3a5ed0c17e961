"""The learning plan keeps its promise on the shipped framework: every gap it lists is closed.

The fixture's requirements and learning steps are read once as plain data (no database),
and hypothesis draws a profile for every one of the 25 shipped rungs.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.planning import GENERIC_HOURS_PER_LEVEL, Step, plan_learning, weeks_for
from assessments.scoring import MAX_RATING, MIN_RATING, Requirement, score

properties = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=50)


def _load_framework():
    records = json.loads((django_settings.BASE_DIR / "fixtures" / "careers.json").read_text())
    rungs: dict[str, list[Requirement]] = defaultdict(list)
    steps: dict[str, list[Step]] = defaultdict(list)
    for record in records:
        fields = record["fields"]
        if record["model"] == "careers.requirement":
            (rung,), (skill,) = fields["rung"], fields["skill"]
            rungs[rung].append(Requirement(skill, fields["level"], fields["importance"]))
        elif record["model"] == "careers.learningstep":
            (skill,) = fields["skill"]
            step = Step(fields["title"], fields["kind"], fields["hours"], fields["target_level"])
            steps[skill].append(step)
    return dict(rungs), dict(steps)


RUNGS, STEPS = _load_framework()


def test_the_shipped_framework_has_25_rungs_with_steps_to_choose_from():
    assert len(RUNGS) == 25
    assert sum(len(steps) for steps in STEPS.values()) > 0


@st.composite
def profiles(draw, requirements):
    """A rating for some of the rung's skills (unrated ones count as 0)."""
    rated = draw(st.lists(st.sampled_from([r.skill for r in requirements]), unique=True))
    return {skill: draw(st.integers(MIN_RATING, MAX_RATING)) for skill in rated}


@pytest.mark.parametrize("rung", sorted(RUNGS))
@properties
@given(data=st.data())
def test_every_gap_in_the_plan_reaches_its_required_level(rung, data):
    requirements = RUNGS[rung]
    report = score(requirements, data.draw(profiles(requirements)))

    plan = plan_learning(report, STEPS, hours_per_week=5)

    by_skill = defaultdict(list)
    for step in plan.steps:
        by_skill[step.skill].append(step)
    assert set(by_skill) == {item.skill for item in report.gaps}
    for item in report.gaps:
        steps = by_skill[item.skill]
        reached = max(step.target_level for step in steps)
        assert reached >= item.required, item.skill
        framework = [step.target_level for step in steps if not step.generic]
        generic = [step for step in steps if step.generic]
        # Practice covers exactly the levels the framework's steps leave open, if any.
        start = max(framework, default=item.rated)
        assert len(generic) == (start < item.required)
        assert sum(s.hours for s in generic) == GENERIC_HOURS_PER_LEVEL * max(
            0, item.required - start
        )
    # The hours and the weeks to ready count the practice steps too.
    assert plan.total_hours == pytest.approx(sum(step.hours for step in plan.steps))
    assert plan.weeks_to_ready_all == weeks_for(plan.total_hours, 5)
