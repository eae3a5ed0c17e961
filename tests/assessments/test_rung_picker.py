"""What /assessments/new/ offers: rungs grouped by role, with skill counts and drafts."""

from __future__ import annotations

import pytest

from assessments.rung_picker import load_rung_picker
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_rungs_are_grouped_by_role_with_skill_counts(user, make_rung):
    first = make_rung(3)
    second = make_rung(5)

    picker = load_rung_picker(owner=user, text="", role_slug="", selected="")

    counts = {g.role: [c.rung.skill_count for c in g.rungs] for g in picker.groups}
    assert counts == {first.role: [3], second.role: [5]}


def test_the_submitted_rung_stays_checked(user, make_rung):
    rung = make_rung(2)

    picker = load_rung_picker(owner=user, text="", role_slug="", selected=str(rung.pk))

    (group,) = picker.groups
    assert group.rungs[0].checked


def test_only_the_owners_drafts_are_marked(user, other_user, make_rung):
    mine, theirs = make_rung(2), make_rung(2)
    AssessmentFactory(owner=user, rung=mine)
    AssessmentFactory(owner=other_user, rung=theirs)

    picker = load_rung_picker(owner=user, text="", role_slug="", selected="")

    drafts = {c.rung: c.has_draft for g in picker.groups for c in g.rungs}
    assert drafts == {mine: True, theirs: False}


def test_the_side_list_names_the_hand_made_roles(user, make_rung):
    rung = make_rung(2)

    picker = load_rung_picker(owner=user, text="", role_slug="", selected="")

    assert [(r.name, r.slug) for r in picker.hand_made_roles] == [(rung.role.name, rung.role.slug)]


def test_the_choices_are_read_only_when_shown(user, make_rung, django_assert_num_queries):
    make_rung(2)

    # Expect 1 query, the person's drafts: a cached page never reads the choices.
    with django_assert_num_queries(1):
        picker = load_rung_picker(owner=user, text="", role_slug="", selected="")
        key = picker.cache_key
    assert key == repr(("", "", []))


def test_the_cache_key_names_the_persons_drafts(user, make_rung):
    rung = make_rung(2)
    AssessmentFactory(owner=user, rung=rung)

    picker = load_rung_picker(owner=user, text="data", role_slug="", selected="")

    assert picker.cache_key == repr(("data", "", [rung.pk]))
