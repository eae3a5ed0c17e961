"""Nothing is lost or doubled when requests race: submission is atomic and idempotent.

The races need a real database server with row locks and one connection per thread, so
they run on PostgreSQL only (CI runs the suite on both SQLite and PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, connections

from assessments import services
from assessments.models import Assessment, Rating, SubmittedRequirement
from tests.factories import AssessmentFactory, RequirementFactory, RungFactory

ROUNDS = 5
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="races need PostgreSQL (row locks, a connection per thread); "
    "set DATABASE_URL to a PostgreSQL database to run them",
)


@pytest.fixture
def rung(db):
    rung = RungFactory()
    for _ in range(4):
        RequirementFactory(rung=rung)
    return rung


def _all_rated(rung, level: int = 3) -> dict[int, tuple[int | None, str]]:
    return {
        skill_id: (level, "") for skill_id in rung.requirements.values_list("skill_id", flat=True)
    }


def _race(*calls: Callable[[], object]) -> tuple[list[object], list[BaseException]]:
    """Run `calls` at the same instant, each in its own thread with its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []

    def _run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=_run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def _submit(pk: int, ratings=None) -> bool:
    # Each request loads its own copy of the row, as two browser tabs would.
    return services.submit_assessment(assessment=Assessment.objects.get(pk=pk), ratings=ratings)


def _save_or_refuse(pk: int, ratings) -> str:
    try:
        services.save_ratings(assessment=Assessment.objects.get(pk=pk), ratings=ratings)
    except services.AssessmentSubmittedError:
        return "refused"
    return "saved"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_exactly_one_snapshot(user, rung):
    ratings = _all_rated(rung)
    for _ in range(ROUNDS):
        assessment = AssessmentFactory(owner=user, rung=rung)
        services.save_ratings(assessment=assessment, ratings=ratings)

        results, errors = _race(partial(_submit, assessment.pk), partial(_submit, assessment.pk))

        assert errors == []
        assert sorted(results) == [False, True]
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.SUBMITTED
        assert SubmittedRequirement.objects.filter(assessment=assessment).count() == len(ratings)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_form_submits_with_ratings_make_exactly_one_snapshot(user, rung):
    twos, fours = _all_rated(rung, level=2), _all_rated(rung, level=4)
    for _ in range(ROUNDS):
        assessment = AssessmentFactory(owner=user, rung=rung)

        results, errors = _race(
            partial(_submit, assessment.pk, twos), partial(_submit, assessment.pk, fours)
        )

        assert errors == []
        assert sorted(results) == [False, True]
        snapshot = SubmittedRequirement.objects.filter(assessment=assessment)
        assert snapshot.count() == len(twos)
        # The snapshot is one submission's ratings, whole: never a mix of the two.
        assert len(set(snapshot.values_list("rated_level", flat=True))) == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_submit_never_changes_ratings_after_the_snapshot(user, rung):
    ones, fives = _all_rated(rung, level=1), _all_rated(rung, level=5)
    for _ in range(ROUNDS):
        assessment = AssessmentFactory(owner=user, rung=rung)
        services.save_ratings(assessment=assessment, ratings=ones)

        _, errors = _race(
            partial(_submit, assessment.pk), partial(_save_or_refuse, assessment.pk, fives)
        )

        # Either the save landed first and was submitted, or it was refused: the submitted
        # report always shows what is stored, and no accepted save is silently dropped.
        assert errors == []
        snapshot = SubmittedRequirement.objects.filter(assessment=assessment)
        ratings = Rating.objects.filter(assessment=assessment)
        assert dict(snapshot.values_list("skill_id", "rated_level")) == dict(
            ratings.values_list("skill_id", "level")
        )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_open_one_draft(user, rung):
    results, errors = _race(
        lambda: services.start_assessment(owner=user, rung=rung),
        lambda: services.start_assessment(owner=user, rung=rung),
    )

    assert errors == []
    assert results[0].pk == results[1].pk
    assert Assessment.objects.for_owner(user).drafts().count() == 1


def test_a_draft_survives_a_submit_refused_for_unrated_skills(user, rung):
    assessment = AssessmentFactory(owner=user, rung=rung)
    skill_ids = list(rung.requirements.values_list("skill_id", flat=True))
    partial = {skill_ids[0]: (4, "kept"), skill_ids[1]: (None, "a note, not yet rated")}

    with pytest.raises(services.UnratedSkillsError):
        services.submit_assessment(assessment=assessment, ratings=partial)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.submitted_at is None
    assert not SubmittedRequirement.objects.filter(assessment=assessment).exists()
    saved = {r.skill_id: (r.level, r.note) for r in assessment.ratings.all()}
    assert saved == partial


def test_a_submit_refused_for_bad_input_changes_nothing(user, rung):
    assessment = AssessmentFactory(owner=user, rung=rung)
    skill_ids = list(rung.requirements.values_list("skill_id", flat=True))
    services.save_ratings(assessment=assessment, ratings={skill_ids[0]: (2, "before")})
    bad = {**_all_rated(rung), skill_ids[0]: (9, "after")}

    with pytest.raises(ValueError, match=str(skill_ids[0])):
        services.submit_assessment(assessment=assessment, ratings=bad)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert [(r.skill_id, r.level, r.note) for r in assessment.ratings.all()] == [
        (skill_ids[0], 2, "before")
    ]
