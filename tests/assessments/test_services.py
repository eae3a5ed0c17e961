from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.db.models import Value

from assessments import forms, services
from assessments.models import (
    Assessment,
    AssessmentQuerySet,
    Profile,
    Rating,
    SubmittedRequirement,
)
from careers.cache import bump_framework_version
from careers.models import Requirement
from tests.factories import AssessmentFactory, RatingFactory, RequirementFactory, SkillFactory


def _skill_ids(rung) -> list[int]:
    return list(rung.requirements.order_by("skill__name").values_list("skill_id", flat=True))


def _rate_all(rung, level: int = 3) -> dict[int, tuple[int | None, str]]:
    return {skill_id: (level, "") for skill_id in _skill_ids(rung)}


class TestStartAssessment:
    def test_it_creates_a_draft(self, user, rung):
        assessment = services.start_assessment(owner=user, rung=rung)

        assert assessment.owner == user
        assert assessment.rung == rung
        assert assessment.status == Assessment.Status.DRAFT

    def test_it_resumes_the_open_draft_for_the_rung(self, user, rung):
        first = services.start_assessment(owner=user, rung=rung)

        second = services.start_assessment(owner=user, rung=rung)

        assert second == first
        assert Assessment.objects.count() == 1

    def test_it_starts_a_new_draft_once_the_last_one_was_submitted(self, user, rung, submitted):
        assessment = services.start_assessment(owner=user, rung=rung)

        assert assessment != submitted
        assert assessment.status == Assessment.Status.DRAFT

    def test_another_persons_draft_is_not_resumed(self, user, other_user, rung):
        theirs = services.start_assessment(owner=other_user, rung=rung)

        mine = services.start_assessment(owner=user, rung=rung)

        assert mine != theirs

    def test_losing_the_creation_race_returns_the_winners_draft(self, user, rung, monkeypatch):
        winner = []
        real_first = AssessmentQuerySet.first

        def first_then_a_concurrent_start(queryset):
            found = real_first(queryset)
            winner.append(AssessmentFactory(owner=user, rung=rung))  # lands before our insert
            return found

        monkeypatch.setattr(AssessmentQuerySet, "first", first_then_a_concurrent_start)

        assessment = services.start_assessment(owner=user, rung=rung)

        assert assessment == winner[0]
        assert Assessment.objects.count() == 1

    def test_the_database_allows_one_open_draft_per_rung(self, user, rung):
        AssessmentFactory(owner=user, rung=rung)

        with pytest.raises(IntegrityError):
            AssessmentFactory(owner=user, rung=rung)


class TestSaveRatings:
    def test_it_stores_levels_and_notes(self, draft):
        first, second, *_ = _skill_ids(draft.rung)

        services.save_ratings(
            assessment=draft, ratings={first: (4, "Daily work"), second: (None, "")}
        )

        stored = {r.skill_id: (r.level, r.note) for r in draft.ratings.all()}
        assert stored == {first: (4, "Daily work"), second: (None, "")}

    def test_it_replaces_earlier_ratings(self, draft):
        skill_id = _skill_ids(draft.rung)[0]
        services.save_ratings(assessment=draft, ratings={skill_id: (1, "old")})

        services.save_ratings(assessment=draft, ratings={skill_id: (5, "new")})

        rating = Rating.objects.get(assessment=draft, skill_id=skill_id)
        assert (rating.level, rating.note) == (5, "new")

    def test_it_refuses_a_submitted_assessment(self, submitted):
        skill_id = _skill_ids(submitted.rung)[0]

        with pytest.raises(services.AssessmentSubmittedError, match="Retake"):
            services.save_ratings(assessment=submitted, ratings={skill_id: (5, "")})

        assert not Rating.objects.filter(assessment=submitted, level=5).exists()

    def test_it_refuses_a_stale_copy_of_an_assessment_submitted_meanwhile(self, draft):
        stale = Assessment.objects.get(pk=draft.pk)
        services.submit_assessment(assessment=draft, ratings=_rate_all(draft.rung))

        with pytest.raises(services.AssessmentSubmittedError):
            services.save_ratings(assessment=stale, ratings={_skill_ids(draft.rung)[0]: (0, "")})

    def test_it_refuses_a_skill_the_rung_does_not_require(self, draft):
        foreign = SkillFactory()

        with pytest.raises(ValueError, match=f"Skill {foreign.pk} is not required"):
            services.save_ratings(assessment=draft, ratings={foreign.pk: (3, "")})

        assert not draft.ratings.exists()

    def test_it_refuses_a_skill_outside_the_requirements_it_is_given(self, draft):
        foreign = SkillFactory()
        requirements = forms.rung_requirements(draft.rung_id)

        with pytest.raises(ValueError, match=f"Skill {foreign.pk} is not required"):
            services.save_ratings(
                assessment=draft, ratings={foreign.pk: (3, "")}, requirements=requirements
            )

        assert not draft.ratings.exists()

    def test_a_skill_a_framework_edit_adds_can_be_rated_at_once(self, draft):
        services.save_ratings(assessment=draft, ratings={_skill_ids(draft.rung)[0]: (3, "")})
        added = RequirementFactory(rung=draft.rung)
        bump_framework_version()  # as every framework write does, on commit

        services.save_ratings(assessment=draft, ratings={added.skill_id: (2, "")})

        assert draft.ratings.filter(skill_id=added.skill_id, level=2).exists()

    def test_a_refused_save_leaves_the_draft_unstamped(self, draft):
        stamp = draft.updated_at

        with pytest.raises(ValueError, match="is not required"):
            services.save_ratings(assessment=draft, ratings={SkillFactory().pk: (3, "")})

        assert Assessment.objects.get(pk=draft.pk).updated_at == stamp

    @pytest.mark.parametrize("level", [-1, 6, "3", 2.5])
    def test_it_refuses_a_level_outside_0_to_5(self, draft, level):
        skill_id = _skill_ids(draft.rung)[0]

        with pytest.raises(ValueError, match="0-5"):
            services.save_ratings(assessment=draft, ratings={skill_id: (level, "")})

    def test_it_refuses_a_note_over_500_characters(self, draft):
        skill_id = _skill_ids(draft.rung)[0]

        with pytest.raises(ValueError, match="longer than 500"):
            services.save_ratings(assessment=draft, ratings={skill_id: (3, "x" * 501)})

    def test_one_bad_rating_saves_nothing(self, draft):
        good, bad, *_ = _skill_ids(draft.rung)

        with pytest.raises(ValueError, match="0-5"):
            services.save_ratings(assessment=draft, ratings={good: (3, ""), bad: (9, "")})

        assert not draft.ratings.exists()


class TestSaveEvidence:
    def test_it_stores_an_evidence_link_with_the_rating(self, draft):
        skill_id = _skill_ids(draft.rung)[0]

        services.save_ratings(
            assessment=draft, ratings={skill_id: (3, "", "https://example.org/demo")}
        )

        assert draft.ratings.get(skill_id=skill_id).evidence == "https://example.org/demo"

    @pytest.mark.parametrize(
        "link",
        ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/f", "https://x.org/" + "a" * 490],
    )
    def test_it_refuses_anything_but_an_http_or_https_link_of_500_characters(self, draft, link):
        skill_id = _skill_ids(draft.rung)[0]

        with pytest.raises(ValueError, match=f"evidence for skill {skill_id}"):
            services.save_ratings(assessment=draft, ratings={skill_id: (3, "", link)})

        assert not draft.ratings.exists()


class TestSubmitAssessment:
    def test_it_snapshots_every_requirement_with_its_rating(self, draft):
        requirement = draft.rung.requirements.select_related("skill__category").first()
        ratings = _rate_all(draft.rung, level=2)
        ratings[requirement.skill_id] = (4, "Led a migration")

        assert services.submit_assessment(assessment=draft, ratings=ratings) is True

        row = SubmittedRequirement.objects.get(assessment=draft, skill=requirement.skill)
        assert row.skill_name == requirement.skill.name
        assert row.skill_slug == requirement.skill.slug
        assert row.category_name == requirement.skill.category.name
        assert (row.required_level, row.importance) == (requirement.level, requirement.importance)
        assert (row.rated_level, row.note) == (4, "Led a migration")
        assert draft.snapshot.count() == 4

    def test_it_freezes_readiness_and_the_verdict(self, draft):
        # Four skills, each required at 3 with importance 3: rating two at 3 and two at 1
        # gives readiness 100 x (3+3+1+1)/(3+3+3+3) = 66.66...
        a, b, c, d = _skill_ids(draft.rung)
        ratings = {a: (3, ""), b: (3, ""), c: (1, ""), d: (1, "")}

        services.submit_assessment(assessment=draft, ratings=ratings)

        draft.refresh_from_db()
        assert draft.status == Assessment.Status.SUBMITTED
        assert draft.submitted_at is not None
        assert draft.readiness == pytest.approx(200 / 3)
        assert draft.ready is False

    def test_it_marks_a_ready_assessment_ready(self, draft):
        services.submit_assessment(assessment=draft, ratings=_rate_all(draft.rung, level=5))

        draft.refresh_from_db()
        assert (draft.readiness, draft.ready) == (100.0, True)

    def test_it_updates_the_instance_it_was_given(self, draft):
        services.submit_assessment(assessment=draft, ratings=_rate_all(draft.rung))

        assert draft.is_submitted
        assert draft.readiness == 100.0

    def test_unrated_skills_refuse_the_submission_and_name_them(self, draft):
        first, *rest = draft.rung.requirements.select_related("skill").order_by("skill__name")
        ratings = {r.skill_id: (3, "") for r in rest}

        with pytest.raises(services.UnratedSkillsError) as refused:
            services.submit_assessment(assessment=draft, ratings=ratings)

        assert refused.value.skills == {first.skill_id: first.skill.name}
        assert first.skill.name in str(refused.value)
        draft.refresh_from_db()
        assert draft.status == Assessment.Status.DRAFT
        assert not draft.snapshot.exists()

    def test_a_refused_submission_keeps_the_ratings_it_was_given(self, draft):
        _first, *rest = _skill_ids(draft.rung)

        with pytest.raises(services.UnratedSkillsError):
            services.submit_assessment(
                assessment=draft, ratings={skill_id: (4, "kept") for skill_id in rest}
            )

        assert draft.ratings.filter(level=4, note="kept").count() == len(rest)

    def test_a_note_without_a_level_is_still_unrated(self, draft):
        first, *rest = _skill_ids(draft.rung)
        ratings = {skill_id: (3, "") for skill_id in rest} | {first: (None, "Learning it")}

        with pytest.raises(services.UnratedSkillsError):
            services.submit_assessment(assessment=draft, ratings=ratings)

    def test_it_can_submit_ratings_already_saved(self, draft):
        services.save_ratings(assessment=draft, ratings=_rate_all(draft.rung))

        assert services.submit_assessment(assessment=draft) is True

        assert draft.snapshot.count() == 4

    def test_a_second_submit_is_a_no_op(self, submitted):
        before = list(submitted.snapshot.values_list("pk", "rated_level"))

        again = services.submit_assessment(
            assessment=submitted, ratings=_rate_all(submitted.rung, 5)
        )

        assert again is False
        assert list(submitted.snapshot.values_list("pk", "rated_level")) == before

    def test_a_concurrent_second_submit_makes_no_second_snapshot(self, draft):
        # Both requests loaded the draft before either submitted.
        first_copy = Assessment.objects.get(pk=draft.pk)
        second_copy = Assessment.objects.get(pk=draft.pk)
        services.save_ratings(assessment=draft, ratings=_rate_all(draft.rung))

        won = services.submit_assessment(assessment=first_copy)
        lost = services.submit_assessment(assessment=second_copy)
        lost_with_ratings = services.submit_assessment(
            assessment=second_copy, ratings=_rate_all(draft.rung, 1)
        )

        assert (won, lost, lost_with_ratings) == (True, False, False)
        assert SubmittedRequirement.objects.filter(assessment=draft).count() == 4
        assert set(draft.ratings.values_list("level", flat=True)) == {3}

    def test_the_guard_is_the_conditional_update_not_the_loaded_status(self, draft):
        services.save_ratings(assessment=draft, ratings=_rate_all(draft.rung))
        stale = Assessment.objects.get(pk=draft.pk)
        services.submit_assessment(assessment=draft)

        assert stale.status == Assessment.Status.DRAFT
        assert services.submit_assessment(assessment=stale) is False
        assert SubmittedRequirement.objects.filter(assessment=draft).count() == 4

    def test_ratings_of_skills_no_longer_required_are_left_out(self, draft):
        ratings = _rate_all(draft.rung)
        dropped = Requirement.objects.filter(rung=draft.rung).first()
        services.save_ratings(assessment=draft, ratings=ratings)
        dropped.delete()

        services.submit_assessment(assessment=draft)

        assert draft.snapshot.count() == 3
        assert not draft.snapshot.filter(skill_id=dropped.skill_id).exists()


class TestRetakeAssessment:
    def test_it_starts_a_draft_of_the_same_rung_prefilled_from_the_snapshot(self, submitted):
        submitted.ratings.update(level=0)  # the snapshot, not the ratings, is the source

        draft = services.retake_assessment(assessment=submitted)

        assert draft != submitted
        assert (draft.rung, draft.owner, draft.status) == (submitted.rung, submitted.owner, "draft")
        assert set(draft.ratings.values_list("skill_id", "level")) == set(
            submitted.snapshot.values_list("skill_id", "rated_level")
        )

    def test_it_prefills_notes_too(self, draft):
        ratings = _rate_all(draft.rung)
        skill_id = next(iter(ratings))
        ratings[skill_id] = (2, "Course done")
        services.submit_assessment(assessment=draft, ratings=ratings)

        retake = services.retake_assessment(assessment=draft)

        assert retake.ratings.get(skill_id=skill_id).note == "Course done"

    def test_it_carries_the_evidence_links_into_the_new_draft(self, draft):
        ratings = _rate_all(draft.rung)
        skill_id = next(iter(ratings))
        ratings[skill_id] = (4, "", "https://github.com/me/pipeline")
        services.submit_assessment(assessment=draft, ratings=ratings)

        retake = services.retake_assessment(assessment=draft)

        assert draft.snapshot.get(skill_id=skill_id).evidence == "https://github.com/me/pipeline"
        assert retake.ratings.get(skill_id=skill_id).evidence == "https://github.com/me/pipeline"

    def test_it_skips_skills_the_rung_no_longer_requires(self, submitted):
        dropped = submitted.rung.requirements.first()
        dropped.delete()
        added = RequirementFactory(rung=submitted.rung)

        draft = services.retake_assessment(assessment=submitted)

        rated = set(draft.ratings.values_list("skill_id", flat=True))
        assert dropped.skill_id not in rated
        assert added.skill_id not in rated
        assert len(rated) == 3

    def test_it_resumes_an_open_draft_instead_of_duplicating_it(self, user, submitted):
        open_draft = services.start_assessment(owner=user, rung=submitted.rung)
        RatingFactory(assessment=open_draft, skill=submitted.snapshot.first().skill, level=5)

        draft = services.retake_assessment(assessment=submitted)

        assert draft == open_draft
        assert list(draft.ratings.values_list("level", flat=True)) == [5]
        assert Assessment.objects.drafts().count() == 1

    def test_retaking_twice_gives_the_same_draft(self, submitted):
        first = services.retake_assessment(assessment=submitted)

        second = services.retake_assessment(assessment=submitted)

        assert first == second


class TestGetOrCreateProfile:
    def test_it_creates_a_profile_with_five_hours_a_week(self, user):
        profile = services.get_or_create_profile(user=user)

        assert profile.hours_per_week == 5

    def test_it_returns_the_existing_profile(self, user):
        Profile.objects.create(user=user, hours_per_week=12)

        assert services.get_or_create_profile(user=user).hours_per_week == 12


class TestRenewReports:
    def test_it_renews_the_stamp_of_each_assessment_given_and_no_other(
        self, user, other_user, rung
    ):
        mine = AssessmentFactory(owner=user, rung=rung)
        theirs = AssessmentFactory(owner=other_user, rung=rung)

        renewed = services.renew_reports(assessments=Assessment.objects.for_owner(user))

        assert renewed == 1
        assert Assessment.objects.get(pk=mine.pk).report_stamp == 1
        assert Assessment.objects.get(pk=theirs.pk).report_stamp == 0

    def test_it_sets_a_count_the_row_keeps_in_the_same_update(self, draft):
        services.renew_reports(assessments=Assessment.objects.all(), share_link_count=Value(3))

        assert Assessment.objects.get(pk=draft.pk).share_link_count == 3

    def test_it_refuses_any_other_field(self, draft):
        with pytest.raises(ValueError, match="status"):
            services.renew_reports(assessments=Assessment.objects.all(), status=Value("x"))

    def test_a_submission_renews_every_report_of_the_person_and_no_other(
        self, user, other_user, draft, rung
    ):
        older = AssessmentFactory(owner=user, rung=RequirementFactory().rung)
        theirs = AssessmentFactory(owner=other_user, rung=rung)

        services.submit_assessment(assessment=draft, ratings=_rate_all(rung))

        assert Assessment.objects.get(pk=older.pk).report_stamp == 1
        assert Assessment.objects.get(pk=theirs.pk).report_stamp == 0
