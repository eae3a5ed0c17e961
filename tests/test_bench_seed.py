"""The benchmark's seeder, run at a tiny scale over a small framework."""

from __future__ import annotations

import pytest

from assessments import scoring
from assessments.models import Assessment, Rating, SubmittedRequirement
from bench import seed
from careers.models import Requirement
from teams.models import Team
from tests.factories import RequirementFactory, RoleFactory, RungFactory, SkillFactory

TINY = 0.0005  # 5 people, 25 submitted assessments


@pytest.fixture
def framework(db):
    """One role with a three-rung ladder over ten skills."""
    role = RoleFactory()
    skills = SkillFactory.create_batch(10)
    for order in (1, 2, 3):
        rung = RungFactory(role=role, order=order)
        for i, skill in enumerate(skills[order : order + 6]):
            RequirementFactory(rung=rung, skill=skill, level=order + i % 2, importance=1 + i % 5)
    return role


@pytest.fixture
def seeded(framework):
    return seed.seed(scale=TINY, load_framework=False, progress=False)


def test_tiny_scale_seeds_five_people_and_twenty_five_reports(seeded):
    rows = seed.count_rows()

    assert rows["people"] == 5
    assert rows["submitted"] == 25
    assert rows["drafts"] >= 1
    assert seeded.submitted == 25
    assert seeded.snapshot_rows == SubmittedRequirement.objects.count()
    assert seeded.ratings == Rating.objects.count()


def test_every_submission_snapshots_exactly_its_rungs_requirements(seeded):
    for assessment in Assessment.objects.submitted():
        required = set(
            Requirement.objects.filter(rung=assessment.rung_id).values_list(
                "skill_id", "level", "importance"
            )
        )
        snapshot = set(assessment.snapshot.values_list("skill_id", "required_level", "importance"))

        assert snapshot == required


def test_every_snapshot_row_carries_the_rating_of_its_skill(seeded):
    for assessment in Assessment.objects.submitted():
        ratings = set(assessment.ratings.values_list("skill_id", "level", "note"))
        snapshot = set(assessment.snapshot.values_list("skill_id", "rated_level", "note"))

        assert snapshot == ratings


def test_frozen_readiness_matches_scoring_the_snapshot(seeded):
    for assessment in Assessment.objects.submitted().prefetch_related("snapshot"):
        rows = list(assessment.snapshot.all())
        report = scoring.score(
            [scoring.Requirement(r.skill_slug, r.required_level, r.importance) for r in rows],
            {r.skill_slug: r.rated_level for r in rows},
        )

        assert assessment.readiness == pytest.approx(report.readiness)
        assert assessment.ready == report.ready
        assert assessment.submitted_at is not None


def test_drafts_have_no_snapshot_and_rate_only_required_skills(seeded):
    for draft in Assessment.objects.drafts():
        required = set(Requirement.objects.filter(rung=draft.rung_id).values_list("skill_id"))

        assert not draft.snapshot.exists()
        assert set(draft.ratings.values_list("skill_id")) <= required


def test_bench_person_has_a_report_a_draft_and_a_full_save_form(seeded):
    targets = seed.bench_targets()

    report = Assessment.objects.get(public_id=targets.report_id)
    draft = Assessment.objects.get(public_id=targets.draft_id)
    required = Requirement.objects.filter(rung=draft.rung_id).values_list("skill_id", flat=True)
    assert report.owner == draft.owner
    assert report.owner.email == targets.email
    assert report.owner.check_password(targets.password)
    assert Assessment.objects.for_owner(report.owner).submitted().count() == 5
    assert {f"skill-{skill_id}" for skill_id in required} <= set(targets.draft_form)


def test_bench_step_save_posts_the_first_step_of_at_most_12_skills(seeded):
    targets = seed.bench_targets()

    skills = [key for key in targets.step_form if key.startswith("skill-")]

    assert targets.step_form["step"] == "1"
    assert targets.step_form["action"] == "next"
    assert 1 <= len(skills) <= 12
    assert set(skills) <= set(targets.draft_form)


def test_bench_person_rates_the_same_rungs_the_same_way_at_every_scale(framework):
    def bench_person_history():
        owner = Assessment.objects.get(public_id=seed.bench_targets().report_id).owner
        return [
            (a.rung_id, a.status, sorted(a.ratings.values_list("skill_id", "level")))
            for a in Assessment.objects.for_owner(owner).order_by("submitted_at", "id")
        ]

    seed.seed(scale=TINY, load_framework=False, progress=False)
    small = bench_person_history()
    seed.User.objects.all().delete()
    seed.seed(scale=TINY * 4, load_framework=False, progress=False)

    assert bench_person_history() == small


def test_the_bench_person_manages_a_team_of_sharing_members(seeded):
    targets = seed.bench_targets()
    team = Team.objects.get(slug=targets.team_slug)

    assert team.memberships.get(is_manager=True).person.email == targets.email
    assert team.memberships.sharing().count() == seeded.team_members == 4
    assert targets.team_skills == Requirement.objects.filter(rung=targets.team_rung_id).count()
