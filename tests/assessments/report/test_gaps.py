"""The gaps section: every requirement scored, blocking gaps, strengths, the verdict and the
charts; from the snapshot for a submitted assessment, from live data for a draft."""

from __future__ import annotations

import pytest

from assessments.models import Rating
from assessments.report import build_report
from assessments.report.build import DRAFT_LABEL
from careers.models import Requirement, Skill
from tests.assessments.conftest import WORKED_EXAMPLE
from tests.assessments.report.conftest import report_of
from tests.factories import RatingFactory, RequirementFactory, SkillFactory


class TestSubmittedReport:
    def test_readiness_matches_the_formula_by_hand(self, user, worked_example):
        # achieved 5x2 + 2x3 + 1x2 + 4x4 = 34 of possible 5x4 + 2x3 + 1x2 + 4x5 = 48
        report = build_report(worked_example(user))

        assert report.gaps.readiness == pytest.approx(100 * 34 / 48)
        assert report.gaps.readiness_pct == 71
        assert report.gaps.ready is False

    def test_items_come_in_priority_order(self, user, worked_example):
        report = build_report(worked_example(user))

        assert [item.skill for item in report.gaps.items] == ["Python", "PyTorch", "SQL", "Docker"]

    def test_each_item_carries_its_display_fields(self, user, worked_example):
        python = build_report(worked_example(user)).gaps.items[0]

        assert python.category == "Programming"
        scored = python.scored
        assert (scored.required, scored.rated, scored.gap, scored.weighted_gap) == (4, 2, 2, 10)
        assert python.required_label == "4 Advanced"
        assert python.rated_label == "2 Foundational"
        assert (scored.status, scored.status_label, scored.blocking) == ("gap", "Gap", True)
        assert python.note == "note on Python"

    def test_share_of_weighted_gap_is_a_whole_percent(self, user, worked_example):
        report = build_report(worked_example(user))

        assert report.gaps.total_weighted_gap == 14
        assert [item.share_of_weighted_gap for item in report.gaps.items] == [71, 29, 0, 0]

    def test_blocking_gaps_and_strengths_are_listed(self, user, worked_example):
        report = build_report(worked_example(user))

        assert [item.skill for item in report.gaps.blocking] == ["Python"]
        assert [item.skill for item in report.gaps.strengths] == ["Docker"]
        assert report.gaps.strengths[0].scored.surplus == 2

    def test_the_verdict_explains_a_blocking_gap(self, user, worked_example):
        report = build_report(worked_example(user))

        assert report.gaps.verdict == "Not ready yet"
        assert "1 blocking gap" in report.gaps.verdict_detail

    def test_a_ready_report_names_the_rung(self, user, worked_example):
        rows = [(n, c, level, i, 5) for n, c, level, i, _ in WORKED_EXAMPLE]

        report = build_report(worked_example(user, rows))

        assert report.gaps.ready is True
        assert report.gaps.verdict == "Ready for Mid-Level AI/ML Engineer"

    def test_it_describes_the_assessment(self, user, worked_example):
        assessment = worked_example(user)

        report = build_report(assessment)

        assert report.public_id == assessment.public_id
        assert (report.role_name, report.rung_title) == ("AI/ML Engineer", assessment.rung.title)
        assert (report.status, report.is_draft) == ("submitted", False)
        assert report.submitted_at == assessment.submitted_at

    def test_it_matches_the_readiness_frozen_at_submission(self, user, worked_example):
        assessment = worked_example(user)

        assert build_report(assessment).gaps.readiness == assessment.readiness

    def test_later_requirement_edits_do_not_change_it(self, user, worked_example):
        assessment = worked_example(user)
        before = build_report(assessment)
        Requirement.objects.filter(rung=assessment.rung).update(level=5, importance=5)
        RequirementFactory(rung=assessment.rung, level=5, importance=5)
        Skill.objects.filter(name="Python").update(name="Python 3")

        after = build_report(assessment)

        assert after.gaps.items == before.gaps.items
        assert after.gaps.readiness == before.gaps.readiness

    def test_deleting_a_skill_does_not_break_it(self, user, worked_example):
        assessment = worked_example(user)
        before = build_report(assessment)
        # Ratings protect a skill from deletion: only a skill nobody still rates can go.
        Rating.objects.filter(skill__name="Python").delete()
        Skill.objects.filter(name="Python").delete()

        after = build_report(assessment)

        assert after.gaps.items[0].skill == "Python"
        assert after.gaps.items[0].skill_id is None
        assert after.gaps.readiness == before.gaps.readiness


class TestDraftReport:
    def test_it_scores_current_ratings_against_live_requirements(self, user, worked_example):
        assessment = worked_example(user, submit=False)
        RequirementFactory(rung=assessment.rung, skill=SkillFactory(name="Go"), level=2)

        report = build_report(assessment)

        assert report.is_draft
        assert report.status_label == DRAFT_LABEL == "Draft — not submitted"
        assert len(report.gaps.items) == 5
        assert report.gaps.unrated_count == 1

    def test_unrated_skills_count_as_zero_and_say_so(self, user, worked_example):
        assessment = worked_example(user, submit=False)
        RequirementFactory(rung=assessment.rung, skill=SkillFactory(name="Go"), level=2)

        go = next(i for i in build_report(assessment).gaps.items if i.skill == "Go")

        assert (go.scored.rated, go.scored.gap, go.is_rated) == (0, 2, False)
        assert go.rated_label == "Not rated"

    def test_a_note_without_a_level_is_unrated(self, user, worked_example):
        assessment = worked_example(user, submit=False)
        skill = SkillFactory(name="Go")
        RequirementFactory(rung=assessment.rung, skill=skill, level=2)
        RatingFactory(assessment=assessment, skill=skill, level=None, note="next quarter")

        go = next(i for i in build_report(assessment).gaps.items if i.skill == "Go")

        assert (go.rated_label, go.note) == ("Not rated", "next quarter")


class TestTheReportItself:
    def test_readiness_matches_the_hand_computation(self, career):
        # achieved 5x1 + 3x3 + 4x2 + 2x1 + 1x0 = 24 of possible 15 + 9 + 8 + 4 + 2 = 38
        report = report_of(career["current"])

        assert report.gaps.readiness == pytest.approx(100 * 24 / 38)
        assert report.gaps.readiness_pct == 63

    def test_gaps_explain_their_weight_and_share(self, career):
        report = report_of(career["current"])

        # weighted gaps: python 5x2 = 10, docker 2x1 = 2, comms 1x2 = 2; total 14
        rows = [
            (i.skill, i.scored.weighted_gap, i.share_of_weighted_gap) for i in report.gaps.items[:3]
        ]
        assert rows == [("Python", 10, 71), ("Docker", 2, 14), ("Communication", 2, 14)]
        assert [item.skill for item in report.gaps.blocking] == ["Python"]


class TestCharts:
    def test_one_chart_per_category_with_every_skill(self, career):
        report = report_of(career["current"])

        rows = [row for group in report.gaps.charts for row in group.chart.rows]
        assert len(rows) == len(report.gaps.items) == 5
        assert len({group.chart_id for group in report.gaps.charts}) == len(report.gaps.charts)
