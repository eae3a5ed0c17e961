"""The learning plan section: steps for every gap, hours, and weeks to ready."""

from __future__ import annotations

from careers.models import LearningStep
from tests.assessments.report.conftest import report_of


class TestLearningPlan:
    def test_steps_follow_the_gaps_in_priority_order(self, career):
        plan = report_of(career["current"]).plan

        # python 1 -> 3: the steps with 1 < target <= 3, by target: basics (2), project (3).
        # docker 1 -> 2: nothing targets 2, so the nearest step above 1: the deep dive (4).
        # comms 0 -> 2: no steps at all, so practice at 10 hours a level of gap: 20.
        assert [(skill, s.title, s.hours) for skill, s in plan.steps] == [
            ("Python", "Py basics", 10),
            ("Python", "Py project", 20),
            ("Docker", "Docker deep dive", 12),
            ("Communication", "Work on “Communication” until you reach Foundational", 20),
        ]
        assert [skill.hours for skill in plan.skills] == [30, 12, 20]

    def test_hours_add_up(self, career):
        plan = report_of(career["current"]).plan

        # 10 + 20 + 12 + 20 = 62; blocking: only python's 10 + 20 = 30
        assert (plan.total_hours, plan.blocking_hours) == (62, 30)

    def test_weeks_to_ready_come_from_the_hours_per_week(self, career):
        report = report_of(career["current"])

        # at 4 hours a week: 30 / 4 = 7.5 -> 8 weeks; 62 / 4 = 15.5 -> 16 weeks
        assert report.hours_per_week == 4
        assert (report.plan.weeks_blocking, report.plan.weeks_all) == (8, 16)

    def test_steps_carry_their_kind_target_and_link(self, career):
        skill, first = report_of(career["current"]).plan.steps[0]

        assert (skill, first.kind, first.target_level) == ("Python", "course", 2)
        assert first.url == "https://example.org/py"
        assert first.blocking is True

    def test_the_plan_uses_the_live_learning_steps(self, career):
        LearningStep.objects.filter(title="Py project").update(hours=25)

        # 10 + 25 + 12 + 20
        assert report_of(career["current"]).plan.total_hours == 67
