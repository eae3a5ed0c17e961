"""The report at size (DESIGN.md §15): it reads only the rungs it shows, ranks moves through
the rung index, and costs the same number of queries on any size of framework.

The shipped framework is the judge of "exactly today's": a straightforward ranking over
the whole framework, as reports did before the index, must agree with the report on
random profiles.
"""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from assessments import planning, scoring, services
from assessments.models import Assessment, SubmittedRequirement
from assessments.report import build_report
from assessments.report.rung_index import INDEX_KEY, build_rung_index, rung_index
from careers.cache import bump_framework_version, framework_version
from careers.models import Requirement, Role, Rung, Skill
from tests.factories import (
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

FIXTURE = settings.BASE_DIR / "fixtures" / "careers.json"
PROFILES = 25


def _submit(owner, rung, rng: random.Random) -> Assessment:
    """A submission of `rung` with random ratings 0-5 (a third of them 0)."""
    assessment = services.start_assessment(owner=owner, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    ratings = {i: (rng.choice([0, 0, 1, 2, 3, 4, 5]), "") for i in ids}
    services.submit_assessment(assessment=assessment, ratings=ratings)
    return Assessment.objects.with_rung().get(pk=assessment.pk)


# ------------------------------------------------- the reference: every rung, every requirement


def _reference(assessment: Assessment):
    """(next rungs, moves, ladder) as reports computed them before the rung index: the
    whole live framework read and every rung of every other role scored."""
    rung_id = assessment.rung_id
    rungs = {
        rung.pk: rung
        for rung in Rung.objects.filter(Q(archived=False) | Q(pk=rung_id))
        .select_related("role")
        .order_by("role__order", "role__name", "order")
    }
    requirements: dict[int, list[scoring.Requirement]] = {pk: [] for pk in rungs}
    names = {}
    for req in Requirement.objects.current().select_related("skill").filter(rung_id__in=rungs):
        requirements[req.rung_id].append(
            scoring.Requirement(req.skill.slug, req.level, req.importance)
        )
        names[req.skill.slug] = req.skill.name
    ratings, fallback = _reference_ratings(assessment)
    role_id = rungs[rung_id].role_id
    next_ids = set(assessment.rung.next_rungs.filter(archived=False).values_list("pk", flat=True))
    next_rungs = planning.rank_rungs(
        {pk: requirements[pk] for pk in rungs if pk in next_ids}, ratings, fallback
    )
    moves = planning.rank_rungs(
        {pk: reqs for pk, reqs in requirements.items() if rungs[pk].role_id != role_id and reqs},
        ratings,
        fallback,
        limit=5,
    )
    own = [
        scoring.Requirement(s.skill.slug, s.required_level, s.importance)
        for s in assessment.snapshot.select_related("skill")
    ]
    ladder = planning.place_on_ladder(
        [
            (pk, own if pk == rung_id else requirements[pk])
            for pk, r in rungs.items()
            if r.role_id == role_id
        ],
        ratings,
        fallback,
    )
    return (
        [_described(rungs[o.rung], o, names) for o in next_rungs],
        [_described(rungs[o.rung], o, names) for o in moves],
        [(rungs[step.rung].title, step.readiness, step.ready) for step in ladder.steps],
    )


def _reference_ratings(assessment: Assessment) -> tuple[dict[str, int], dict[str, int]]:
    ratings = {s.skill.slug: s.rated_level for s in assessment.snapshot.select_related("skill")}
    fallback: dict[str, int] = {}
    for row in (
        SubmittedRequirement.objects.filter(
            assessment__owner=assessment.owner, assessment__status="submitted"
        )
        .exclude(assessment=assessment)
        .select_related("skill")
        .order_by("assessment__submitted_at", "assessment_id")
    ):
        fallback[row.skill.slug] = row.rated_level
    return ratings, fallback


def _described(rung: Rung, option: planning.RungOption, names: dict[str, str]):
    return (
        rung.title,
        option.report.readiness,
        option.report.ready,
        [names[skill] for skill in option.top_gaps],
        option.rated_count,
        option.requirement_count,
    )


def _as_reported(assessment: Assessment):
    progression = build_report(assessment).progression

    def described(outlook):
        return (
            outlook.title,
            outlook.readiness,
            outlook.ready,
            [gap.skill for gap in outlook.top_gaps],
            outlook.rated_count,
            outlook.requirement_count,
        )

    return (
        [described(o) for o in progression.next_rungs],
        [described(o) for o in progression.lateral_moves],
        [(s.rung.title, s.readiness, s.ready) for s in progression.ladder.steps],
    )


@pytest.fixture(scope="class")
def shipped_framework(django_db_setup, django_db_blocker):
    """The fixture loaded once for a class, in a transaction rolled back at its end (each
    test's own transaction nests inside it), as tests/test_fixtures.py does."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(FIXTURE), verbosity=0)
        yield
        transaction.set_rollback(True)


class TestOnTheShippedFramework:
    @pytest.fixture
    def shipped(self, shipped_framework, db):
        return list(Rung.objects.select_related("role").order_by("pk"))

    def test_next_rungs_moves_and_ladder_are_those_of_ranking_every_rung(self, shipped, user):
        rng = random.Random(22)
        compared = 0
        for _ in range(PROFILES):
            if rng.random() < 0.5:  # ratings elsewhere to fall back on
                _submit(user, rng.choice(shipped), rng)
            assessment = _submit(user, rng.choice(shipped), rng)

            assert _as_reported(assessment) == _reference(assessment)
            compared += 1
        assert compared == PROFILES

    def test_they_stay_so_after_a_rung_is_archived_and_the_version_bumped(self, shipped, user):
        rng = random.Random(15)
        assessment = _submit(user, shipped[3], rng)
        best_move = build_report(assessment).progression.lateral_moves[0]
        Rung.objects.filter(title=best_move.title).update(archived=True)
        bump_framework_version()  # as every admin save does

        assert _as_reported(assessment) == _reference(assessment)
        assert best_move.title not in [m[0] for m in _as_reported(assessment)[1]]


class TestTheIndex:
    def test_it_is_built_once_per_framework_version_into_the_shared_cache(
        self, user, make_rung, django_assert_num_queries
    ):
        make_rung(4)
        with django_assert_num_queries(2):  # every rung offered, every requirement
            first = rung_index()
        with django_assert_num_queries(0):
            assert rung_index() == first

        with django_assert_num_queries(2):  # the edit builds the new version's index
            bump_framework_version()
        with django_assert_num_queries(0):
            rung_index()

    def test_a_report_builds_it_again_when_it_was_evicted(
        self, user, make_rung, django_assert_num_queries
    ):
        make_rung(4)
        bump_framework_version()
        cache.delete(f"{INDEX_KEY}-v1:{framework_version()}")

        with django_assert_num_queries(2):
            rung_index()

    def test_it_is_keyed_by_the_framework_version(self, make_rung):
        make_rung(4)
        rung_index()

        assert cache.get(f"{INDEX_KEY}-v1:{framework_version()}") == build_rung_index()

    def test_it_leaves_out_archived_rungs_and_skills(self, make_rung):
        kept, archived_rung = make_rung(2), make_rung(2)
        archived_skill = kept.requirements.first().skill
        Rung.objects.filter(pk=archived_rung.pk).update(archived=True)
        Skill.objects.filter(pk=archived_skill.pk).update(archived=True)

        index = build_rung_index()

        assert index.rungs == (kept.pk,)
        assert archived_skill.pk not in index.slots
        assert len(index.slots) == 1

    def test_each_move_says_why(self, user):
        rng = random.Random(3)
        skills = SkillFactory.create_batch(4)
        own, other = RoleFactory(), RoleFactory()
        mine = RungFactory(role=own)
        theirs = RungFactory(role=other)
        for skill in skills:
            RequirementFactory(rung=mine, skill=skill)
        for skill in [*skills[:2], SkillFactory()]:
            RequirementFactory(rung=theirs, skill=skill)
        assessment = _submit(user, mine, rng)

        (move,) = build_report(assessment).progression.lateral_moves

        assert move.why == "Shares 2 of its 3 skills"


# --------------------------------------------------------------- query counts at any size


def _framework(scale: int) -> list[Rung]:
    """A framework `scale` times the shipped one's size: 5 roles of 5 rungs, 145 skills and
    about 1,170 requirements per unit, every rung sharing skills with others."""
    rng = random.Random(scale)
    category = SkillCategoryFactory()
    skills = Skill.objects.bulk_create(SkillFactory.build_batch(145 * scale, category=category))
    roles = Role.objects.bulk_create(RoleFactory.build_batch(5 * scale))
    rungs = Rung.objects.bulk_create(
        RungFactory.build(role=role, order=order) for role in roles for order in range(1, 6)
    )
    Requirement.objects.bulk_create(
        RequirementFactory.build(
            rung=rung, skill=skill, level=rng.randint(1, 5), importance=rng.randint(1, 5)
        )
        for rung in rungs
        for skill in rng.sample(skills, 47)
    )
    edge = Rung.next_rungs.through
    edge.objects.bulk_create(
        edge(from_rung=lower, to_rung=higher)
        for lower, higher in pairwise(rungs)
        if lower.role_id == higher.role_id
    )
    return rungs


class TestQueriesAtAnySize:
    # Expect 14 queries on the first report of a framework version, at any size:
    # * session
    # * user
    # * the assessment with its rung and role and the owner's hours per week (the cache
    #   key: the rest of it is on the assessment's row)
    # * the snapshot, with the skills' current slugs
    # * the reviewers' ratings
    # * learning steps of the skills with a gap
    # * the person's submitted assessments of this rung
    # * the person's ratings submitted in other assessments
    # * the rung index, once per framework version: every rung offered, every requirement
    # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
    # * their requirements, with the skills' slugs and names
    # * the person's plan step states
    # * their goal for the rung
    # (The owner's review requests and share links cost none: the row counts none.)
    # Every later report of the version reads the index from the cache: 2 fewer.
    FIRST_OF_VERSION = 14
    JSON_FIRST_OF_VERSION = 14  # the same: the JSON has no panels, and none cost a query here

    @pytest.fixture(params=[1, 10], ids=["shipped size", "ten times"])
    def assessment(self, request, user):
        rungs = _framework(request.param)
        rng = random.Random(7)
        _submit(user, rungs[7], rng)  # ratings elsewhere
        assessment = _submit(user, rungs[1], rng)
        assert Rung.objects.count() == 25 * request.param
        return assessment

    def test_the_report_costs_the_same_queries(
        self, client_as, user, assessment, django_assert_num_queries
    ):
        client = client_as(user)

        with django_assert_num_queries(self.FIRST_OF_VERSION):
            response = client.get(assessment.get_report_url())
        assert response.status_code == 200
        assert response.content.decode().count('data-label="Why"') == 5

    def test_a_later_report_of_the_version_reads_the_index_from_the_cache(
        self, client_as, user, assessment, django_assert_num_queries
    ):
        rung_index()
        client = client_as(user)

        with django_assert_num_queries(self.FIRST_OF_VERSION - 2):
            response = client.get(assessment.get_report_url())
        assert response.status_code == 200

    def test_report_json_costs_the_same_queries(
        self, client_as, user, assessment, django_assert_num_queries
    ):
        client = client_as(user)
        url = reverse("assessments:report_json", args=[assessment.public_id])

        with django_assert_num_queries(self.JSON_FIRST_OF_VERSION):
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["next_rungs"]
