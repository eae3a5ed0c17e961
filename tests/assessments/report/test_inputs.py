"""Loading a report's inputs: a fixed number of queries, however many skills, rungs or past
assessments there are; hours per week from the profile unless given."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache

from assessments import services
from assessments.models import Assessment, Profile
from assessments.report import build_gap_report, build_report
from assessments.report.inputs import load_inputs
from assessments.report.rung_index import rung_index
from careers.cache import bump_framework_version
from tests.factories import AssessmentFactory, LearningStepFactory


def _submit(owner, rung, level=2):
    assessment = AssessmentFactory(owner=owner, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings={i: (level, "") for i in ids})
    return Assessment.objects.with_rung().get(pk=assessment.pk)


class TestQueries:
    """Each test builds the rung index first, as the first report of a framework version
    does for every later one; its own cost is pinned at the end."""

    @pytest.mark.parametrize(("skills", "past"), [(10, 1), (60, 20)])
    def test_loading_a_submitted_assessment_costs_eight_queries(
        self, user, make_rung, skills, past, django_assert_num_queries
    ):
        rung = make_rung(skills)
        for _ in range(past):
            _submit(user, rung)
            _submit(user, make_rung(3))  # a submission elsewhere
        assessment = _submit(user, rung)

        rung_index()

        # Expect 8 queries:
        # * the snapshot, with the skills' current slugs
        # * the profile's hours per week
        # * the reviewers' ratings (submitted reviews the owner has not hidden)
        # * learning steps of the skills with a gap
        # * the person's submitted assessments of this rung
        # * the person's ratings submitted in other assessments
        # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
        # * their requirements, with the skills' slugs and names
        with django_assert_num_queries(8):
            inputs = load_inputs(assessment)
        assert len(inputs.rows) == skills
        assert len(inputs.submissions) == past + 1

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_submitted_report_costs_eight_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(skills))
        rung_index()

        # Expect 8 queries: those of load_inputs (above), and nothing after it.
        with django_assert_num_queries(8):
            build_report(assessment)

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_draft_report_costs_eight_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = Assessment.objects.with_rung().get(
            pk=AssessmentFactory(owner=user, rung=make_rung(skills)).pk
        )
        rung_index()

        # Expect 8 queries:
        # * the rung's requirements with skills and categories
        # * the draft's ratings
        # * the profile's hours per week
        # * learning steps of the skills with a gap
        # * the person's submitted assessments of this rung
        # * the person's ratings submitted in other assessments
        # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
        # * their requirements, with the skills' slugs and names
        with django_assert_num_queries(8):
            build_report(assessment)

    @pytest.mark.parametrize("skills", [10, 60])
    def test_the_gap_report_alone_costs_three_queries(
        self, user, make_rung, skills, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(skills))

        # Expect 3 queries: the snapshot, the profile's hours per week, the reviewers' ratings
        with django_assert_num_queries(3):
            report = build_gap_report(assessment)
        assert report.plan is None
        assert report.progression is None

    def test_given_hours_per_week_save_the_profile_query(
        self, user, make_rung, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(4))

        # Expect 2 queries: the snapshot, the reviewers' ratings
        with django_assert_num_queries(2):
            inputs = load_inputs(assessment, hours_per_week=9, gaps_only=True)
        assert inputs.hours_per_week == 9

    def test_nothing_short_needs_no_learning_steps_query(
        self, user, make_rung, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(4, level=3), level=5)
        rung_index()

        # Expect 7 queries: as above, without the learning steps
        with django_assert_num_queries(7):
            inputs = load_inputs(assessment)
        assert inputs.steps == {}

    def test_a_report_after_an_edit_reads_the_rung_index_the_edit_built(
        self, user, make_rung, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(10))
        load_inputs(assessment)
        bump_framework_version()

        # Expect the 8 queries above: the edit built the new version's rung index
        with django_assert_num_queries(8):
            load_inputs(assessment)

    def test_a_report_that_finds_no_rung_index_builds_it(
        self, user, make_rung, django_assert_num_queries
    ):
        assessment = _submit(user, make_rung(10))
        cache.clear()

        # Expect 10 queries: those above, and the rung index's two (every rung still
        # offered, every requirement of those), built once for every later report
        with django_assert_num_queries(10):
            load_inputs(assessment)
        with django_assert_num_queries(8):
            load_inputs(assessment)


class TestHoursPerWeek:
    def test_it_defaults_to_five(self, user, worked_example):
        assert build_report(worked_example(user)).hours_per_week == 5

    def test_it_comes_from_the_profile(self, user, worked_example):
        Profile.objects.create(user=user, hours_per_week=8)

        assert build_report(worked_example(user)).hours_per_week == 8


class TestLearningSteps:
    def test_only_skills_with_a_gap_get_their_steps(self, user, make_rung):
        rung = make_rung(2, level=3)
        short, met = (r.skill for r in rung.requirements.order_by("pk"))
        LearningStepFactory(skill=short, target_level=3)
        LearningStepFactory(skill=met, target_level=3)
        assessment = AssessmentFactory(owner=user, rung=rung)
        services.submit_assessment(
            assessment=assessment, ratings={short.pk: (1, ""), met.pk: (3, "")}
        )

        inputs = load_inputs(Assessment.objects.with_rung().get(pk=assessment.pk))

        assert list(inputs.steps) == [short.slug]


class TestFrozen:
    """A report shown to someone else reads nothing the person submitted after it."""

    @pytest.fixture
    def history(self, user, make_rung, now):
        """(earlier, middle, later) submissions of one rung, a day apart, rated 1, 2 and 3."""
        rung = make_rung(3)
        submitted = []
        for day, level in enumerate((1, 2, 3)):
            with time_machine.travel(now + datetime.timedelta(days=day), tick=False):
                submitted.append(_submit(user, rung, level=level))
        return tuple(submitted)

    def test_it_leaves_later_submissions_out_of_the_history(self, history):
        earlier, middle, _ = history

        inputs = load_inputs(middle, frozen=True)

        assert [past.pk for past in inputs.submissions] == [earlier.pk, middle.pk]
        assert inputs.previous.pk == earlier.pk

    def test_it_takes_ratings_elsewhere_as_they_were_then(self, history):
        _, middle, _ = history

        inputs = load_inputs(middle, frozen=True)

        assert set(inputs.latest_ratings.values()) == {1}

    def test_the_owners_report_reads_every_submission(self, history):
        earlier, middle, later = history

        inputs = load_inputs(middle)

        assert [past.pk for past in inputs.submissions] == [earlier.pk, middle.pk, later.pk]
        assert set(inputs.latest_ratings.values()) == {3}

    def test_it_costs_no_extra_query(self, history, django_assert_num_queries):
        _, middle, _ = history
        rung_index()

        with django_assert_num_queries(8):
            load_inputs(middle, frozen=True)
