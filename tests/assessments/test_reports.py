from __future__ import annotations

import datetime

import pytest

from assessments import reports, services
from assessments.models import Assessment, Profile
from careers.models import Requirement, Skill
from tests.factories import (
    AssessmentFactory,
    RatingFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

# (skill name, category, required level, importance, rating)
WORKED_EXAMPLE = [
    ("Python", "Programming", 4, 5, 2),  # gap 2, weighted 10, blocking
    ("SQL", "Data Engineering", 3, 2, 3),  # meets
    ("Docker", "Cloud & Infrastructure", 2, 1, 4),  # meets with a surplus of 2
    ("PyTorch", "ML Frameworks", 5, 4, 4),  # gap 1, weighted 4: close
]


def _assessment(
    owner, rows=WORKED_EXAMPLE, *, submit: bool = True, role: str = "AI/ML Engineer"
) -> Assessment:
    rung = RungFactory(title=f"Mid-Level {role}", role=RoleFactory(name=role))
    ratings = {}
    for name, category, level, importance, rating in rows:
        skill = SkillFactory(name=name, category=SkillCategoryFactory(name=category))
        RequirementFactory(rung=rung, skill=skill, level=level, importance=importance)
        ratings[skill.pk] = (rating, f"note on {name}")
    assessment = AssessmentFactory(owner=owner, rung=rung)
    if submit:
        services.submit_assessment(assessment=assessment, ratings=ratings)
    else:
        services.save_ratings(assessment=assessment, ratings=ratings)
    return Assessment.objects.with_rung().get(pk=assessment.pk)


class TestSubmittedReport:
    def test_readiness_matches_the_formula_by_hand(self, user):
        # achieved 5x2 + 2x3 + 1x2 + 4x4 = 34 of possible 5x4 + 2x3 + 1x2 + 4x5 = 48
        report = reports.build_report(_assessment(user))

        assert report.readiness == pytest.approx(100 * 34 / 48)
        assert report.readiness_pct == 71
        assert report.ready is False

    def test_items_come_in_priority_order(self, user):
        report = reports.build_report(_assessment(user))

        assert [item.skill for item in report.items] == ["Python", "PyTorch", "SQL", "Docker"]

    def test_each_item_carries_its_display_fields(self, user):
        python = reports.build_report(_assessment(user)).items[0]

        assert python.category == "Programming"
        assert (python.required, python.rated, python.gap, python.weighted_gap) == (4, 2, 2, 10)
        assert python.required_label == "4 Advanced"
        assert python.rated_label == "2 Foundational"
        assert (python.status, python.status_label, python.blocking) == ("gap", "Gap", True)
        assert python.note == "note on Python"

    def test_share_of_weighted_gap_is_a_whole_percent(self, user):
        report = reports.build_report(_assessment(user))

        assert report.total_weighted_gap == 14
        assert [item.share_of_weighted_gap for item in report.items] == [71, 29, 0, 0]

    def test_blocking_gaps_and_strengths_are_listed(self, user):
        report = reports.build_report(_assessment(user))

        assert [item.skill for item in report.blocking] == ["Python"]
        assert [item.skill for item in report.strengths] == ["Docker"]
        assert report.strengths[0].surplus == 2

    def test_the_verdict_explains_a_blocking_gap(self, user):
        report = reports.build_report(_assessment(user))

        assert report.verdict == "Not ready yet"
        assert "1 blocking gap" in report.verdict_detail

    def test_a_ready_report_names_the_rung(self, user):
        rows = [(n, c, level, i, 5) for n, c, level, i, _ in WORKED_EXAMPLE]

        report = reports.build_report(_assessment(user, rows))

        assert report.ready is True
        assert report.verdict == "Ready for Mid-Level AI/ML Engineer"

    def test_it_describes_the_assessment(self, user):
        assessment = _assessment(user)

        report = reports.build_report(assessment)

        assert report.public_id == assessment.public_id
        assert (report.role_name, report.rung_title) == ("AI/ML Engineer", assessment.rung.title)
        assert (report.status, report.is_draft) == ("submitted", False)
        assert report.submitted_at == assessment.submitted_at

    def test_it_matches_the_readiness_frozen_at_submission(self, user):
        assessment = _assessment(user)

        assert reports.build_report(assessment).readiness == assessment.readiness

    def test_later_requirement_edits_do_not_change_it(self, user):
        assessment = _assessment(user)
        before = reports.build_report(assessment)
        Requirement.objects.filter(rung=assessment.rung).update(level=5, importance=5)
        RequirementFactory(rung=assessment.rung, level=5, importance=5)
        Skill.objects.filter(name="Python").update(name="Python 3")

        after = reports.build_report(assessment)

        assert after.items == before.items
        assert after.readiness == before.readiness

    def test_deleting_a_skill_does_not_break_it(self, user):
        assessment = _assessment(user)
        before = reports.build_report(assessment)
        Skill.objects.filter(name="Python").delete()

        after = reports.build_report(assessment)

        assert after.items[0].skill == "Python"
        assert after.items[0].skill_id is None
        assert after.readiness == before.readiness


class TestDraftReport:
    def test_it_scores_current_ratings_against_live_requirements(self, user):
        assessment = _assessment(user, submit=False)
        RequirementFactory(rung=assessment.rung, skill=SkillFactory(name="Go"), level=2)

        report = reports.build_report(assessment)

        assert report.is_draft
        assert report.status_label == reports.DRAFT_LABEL == "Draft — not submitted"
        assert len(report.items) == 5
        assert report.unrated_count == 1

    def test_unrated_skills_count_as_zero_and_say_so(self, user):
        assessment = _assessment(user, submit=False)
        RequirementFactory(rung=assessment.rung, skill=SkillFactory(name="Go"), level=2)

        go = next(i for i in reports.build_report(assessment).items if i.skill == "Go")

        assert (go.rated, go.gap, go.is_rated) == (0, 2, False)
        assert go.rated_label == "Not rated"

    def test_a_note_without_a_level_is_unrated(self, user):
        assessment = _assessment(user, submit=False)
        skill = SkillFactory(name="Go")
        RequirementFactory(rung=assessment.rung, skill=skill, level=2)
        RatingFactory(assessment=assessment, skill=skill, level=None, note="next quarter")

        go = next(i for i in reports.build_report(assessment).items if i.skill == "Go")

        assert (go.rated_label, go.note) == ("Not rated", "next quarter")


class TestHoursPerWeek:
    def test_it_defaults_to_five(self, user):
        assert reports.build_report(_assessment(user)).hours_per_week == 5

    def test_it_comes_from_the_profile(self, user):
        Profile.objects.create(user=user, hours_per_week=8)

        assert reports.build_report(_assessment(user)).hours_per_week == 8


class TestReportQueries:
    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_submitted_report_costs_seven_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        assessment = Assessment.objects.with_rung().get(pk=assessment.pk)

        # Expect 7 queries:
        # * the snapshot
        # * the profile's hours per week
        # * learning steps of the skills with a gap
        # * every rung, with whether it is a next rung of this one
        # * every requirement, with its skill's slug and name
        # * the person's submitted assessments of this rung
        # * the person's ratings submitted in other assessments
        with django_assert_num_queries(7):
            reports.build_report(assessment)

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_draft_report_costs_eight_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = Assessment.objects.with_rung().get(
            pk=AssessmentFactory(owner=user, rung=make_rung(skills)).pk
        )

        # Expect 8 queries:
        # * the rung's requirements with skills and categories
        # * the draft's ratings
        # * the profile's hours per week
        # * learning steps of the skills with a gap
        # * every rung, with whether it is a next rung of this one
        # * every requirement, with its skill's slug and name
        # * the person's submitted assessments of this rung
        # * the person's ratings submitted in other assessments
        with django_assert_num_queries(8):
            reports.build_report(assessment)

    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_gap_report_alone_costs_two_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = AssessmentFactory(owner=user, rung=make_rung(skills))
        ids = assessment.rung.requirements.values_list("skill_id", flat=True)
        services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
        assessment = Assessment.objects.with_rung().get(pk=assessment.pk)

        # Expect 2 queries: the snapshot, the profile's hours per week
        with django_assert_num_queries(2):
            report = reports.build_gap_report(assessment)
        assert report.plan is None
        assert report.next_rungs == ()


class TestDashboard:
    def test_it_is_empty_for_a_newcomer(self, user):
        assert reports.build_dashboard(user).is_empty

    def test_drafts_show_their_progress(self, user, make_rung):
        draft = AssessmentFactory(owner=user, rung=make_rung(5))
        first, second = draft.rung.requirements.all()[:2]
        RatingFactory(assessment=draft, skill=first.skill, level=0)
        RatingFactory(assessment=draft, skill=second.skill, level=None, note="later")
        RatingFactory(assessment=draft, skill=SkillFactory(), level=4)  # no longer required

        (row,) = reports.build_dashboard(user).drafts

        assert (row.rated_count, row.required_count) == (1, 5)
        assert row.assessment == draft

    def test_submitted_assessments_use_the_frozen_readiness(self, user):
        assessment = _assessment(user)
        Assessment.objects.filter(pk=assessment.pk).update(readiness=12.5, ready=False)

        (row,) = reports.build_dashboard(user).submitted

        assert (row.readiness_pct, row.ready, row.verdict) == (13, False, "Not ready yet")

    def test_the_latest_submission_per_role_is_picked(self, user, make_rung):
        older = _assessment(user)
        newer = services.retake_assessment(assessment=older)
        services.submit_assessment(assessment=newer)
        other_role = _assessment(user, [("Excel", "Office", 2, 2, 2)], role="Data Issue Manager")

        dashboard = reports.build_dashboard(user)

        assert [row.assessment for row in dashboard.submitted] == [other_role, newer, older]
        assert {row.assessment for row in dashboard.latest_by_role} == {other_role, newer}

    def test_it_shows_only_the_persons_own_assessments(self, user, other_user):
        _assessment(other_user)

        assert reports.build_dashboard(user).is_empty

    @pytest.mark.parametrize("past", [1, 20])
    def test_it_costs_two_queries_however_many_assessments(
        self, user, make_rung, past, django_assert_num_queries
    ):
        for _ in range(past):
            rung = make_rung(3)
            AssessmentFactory(owner=user, rung=rung, status="submitted", readiness=50.0)
            AssessmentFactory(owner=user, rung=rung)

        # Expect 2 queries:
        # * drafts with their rung, role and progress counts
        # * submitted assessments with their rung and role
        with django_assert_num_queries(2):
            dashboard = reports.build_dashboard(user)
        assert len(dashboard.submitted) == len(dashboard.drafts) == past


class TestAssessedAgo:
    NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)

    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (datetime.timedelta(hours=5), "today"),
            (datetime.timedelta(days=1), "1 day ago"),
            (datetime.timedelta(days=3, hours=7), "3 days ago"),
            (datetime.timedelta(days=45), "1 month ago"),
            (datetime.timedelta(days=400), "1 year ago"),
        ],
    )
    def test_it_says_the_largest_unit_only(self, delta, expected):
        assert reports.assessed_ago(self.NOW - delta, self.NOW) == expected

    def test_the_dashboard_flags_assessments_over_90_days_old(self, user):
        assessment = _assessment(user)
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=self.NOW - datetime.timedelta(days=90, minutes=1)
        )

        (row,) = reports.build_dashboard(user, now=self.NOW).submitted

        assert row.due_for_retake is True
        assert row.assessed_ago == "2 months ago"

    def test_exactly_90_days_is_not_yet_due(self, user):
        assessment = _assessment(user)
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=self.NOW - datetime.timedelta(days=90)
        )

        (row,) = reports.build_dashboard(user, now=self.NOW).submitted

        assert row.due_for_retake is False
