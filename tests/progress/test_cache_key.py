"""The report's cache key changes with the owner's progress, so a cached report never shows
an old state or goal."""

from __future__ import annotations

import datetime

import time_machine

from assessments.models import Assessment
from assessments.report import cache as report_cache
from progress import services
from tests.factories import RungFactory


def _key(assessment) -> str:
    return report_cache.report_key(Assessment.objects.with_report_inputs().get(pk=assessment.pk))


def test_a_step_change_changes_the_key(user, planned):
    before = _key(planned)

    services.set_step_state(owner=user, key="step:1", state="doing")

    assert _key(planned) != before


def test_setting_and_clearing_a_goal_change_the_key(user, planned):
    before = _key(planned)

    services.set_goal(owner=user, rung=planned.rung, target_date=datetime.date(2030, 1, 1))
    with_goal = _key(planned)
    services.clear_goal(owner=user, rung=planned.rung)

    assert len({before, with_goal, _key(planned)}) == 3


def test_moving_a_goal_changes_the_key(user, planned):
    services.set_goal(owner=user, rung=planned.rung, target_date=datetime.date(2030, 1, 1))
    before = _key(planned)

    services.set_goal(owner=user, rung=planned.rung, target_date=datetime.date(2031, 1, 1))

    assert _key(planned) != before


def test_a_step_set_to_the_state_it_has_leaves_the_key_alone(user, planned):
    services.set_step_state(owner=user, key="step:1", state="doing")
    before = _key(planned)

    services.set_step_state(owner=user, key="step:1", state="doing")

    assert _key(planned) == before


def test_a_goal_for_another_rung_leaves_the_key_alone(user, planned):
    before = _key(planned)
    other_rung = RungFactory()

    services.set_goal(owner=user, rung=other_rung, target_date=datetime.date(2030, 1, 1))
    services.clear_goal(owner=user, rung=other_rung)

    assert _key(planned) == before


def test_with_a_goal_the_key_changes_every_day(user, planned):
    services.set_goal(owner=user, rung=planned.rung, target_date=datetime.date(2030, 1, 1))
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC)):
        monday = _key(planned)
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC)):
        tuesday = _key(planned)

    assert monday != tuesday


def test_another_persons_progress_leaves_the_key_alone(other_user, planned, plan_rung):
    before = _key(planned)

    services.set_step_state(owner=other_user, key="step:1", state="done")
    services.set_goal(owner=other_user, rung=plan_rung, target_date=datetime.date(2030, 1, 1))

    assert _key(planned) == before
