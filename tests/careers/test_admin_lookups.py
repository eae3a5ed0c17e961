"""F7: admin changelists filter only by their declared filters, drill-down and search."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careers.admin_lookups import DeclaredLookupsOnly
from tests.factories import AssessmentFactory, RequirementFactory, SkillFactory

pytestmark = pytest.mark.django_db

SKILLS = "/admin/careers/skill/"
REQUIREMENTS = "/admin/careers/requirement/"
ASSESSMENTS = "/admin/assessments/assessment/"
# The probe's two patterns: one the database cannot compile, one that backtracks for ever.
BROKEN_PATTERN = "("
RUNAWAY_PATTERN = "^(.*.*)*$X"


def test_every_registered_admin_limits_its_lookups():
    unlimited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, DeclaredLookupsOnly)
    ]

    assert unlimited == []


@pytest.mark.parametrize("lookup", ["name__regex", "name__iregex"])
def test_a_regex_lookup_is_refused_with_a_400(client_as, editor, lookup):
    SkillFactory(name="Python")

    response = client_as(editor).get(SKILLS, {lookup: BROKEN_PATTERN})

    assert response.status_code == 400


def test_a_runaway_pattern_never_reaches_the_database(client_as, editor):
    SkillFactory(name="Python")
    client = client_as(editor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(SKILLS, {"name__regex": RUNAWAY_PATTERN})

    assert response.status_code == 400
    assert not [q for q in queries.captured_queries if "REGEX" in q["sql"].upper()]


@pytest.mark.parametrize(
    ("url", "lookup"),
    [
        (SKILLS, "description__icontains"),
        (SKILLS, "slug__startswith"),
        (SKILLS, "category__name__exact"),
        (REQUIREMENTS, "skill__name__exact"),
        (REQUIREMENTS, "rung__role__exact"),
    ],
)
def test_a_lookup_no_filter_declares_is_refused(client_as, editor, url, lookup):
    SkillFactory()

    response = client_as(editor).get(url, {lookup: "a"})

    assert response.status_code == 400


def test_regex_lookups_are_refused_on_the_people_admins_too(client_as, staff_user):
    client = client_as(staff_user)

    statuses = {
        url: client.get(url, {field: BROKEN_PATTERN}).status_code
        for url, field in [
            ("/admin/auth/user/", "username__regex"),
            ("/admin/auth/group/", "name__iregex"),
            ("/admin/account/emailaddress/", "email__regex"),
        ]
    }

    assert set(statuses.values()) == {400}, statuses


def test_a_declared_related_filter_still_filters(client_as, editor):
    kept = RequirementFactory()
    other = RequirementFactory()
    role_id = kept.rung.role_id

    response = client_as(editor).get(REQUIREMENTS, {"rung__role__id__exact": role_id})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [kept]
    assert other.rung.role_id != role_id


def test_a_related_filter_given_a_number_past_64_bits_answers_calmly(client_as, editor):
    RequirementFactory()

    response = client_as(editor).get(REQUIREMENTS, {"rung__role__id__exact": "9" * 30})

    assert response.status_code == 200


def test_a_declared_filter_of_the_people_admin_still_filters(client_as, staff_user, editor):
    response = client_as(staff_user).get("/admin/auth/user/", {"is_staff__exact": "1"})

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {staff_user, editor}


def test_search_still_finds_by_name(client_as, editor):
    python = SkillFactory(name="Python")
    SkillFactory(name="Rust")

    response = client_as(editor).get(SKILLS, {"q": "pyth"})

    assert list(response.context["cl"].result_list) == [python]


def test_the_date_drill_down_still_narrows_to_a_year(client_as, staff_user, now):
    assessment = AssessmentFactory()

    response = client_as(staff_user).get(ASSESSMENTS, {"created_at__year": str(now.year)})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [assessment]


@pytest.mark.parametrize(
    "query",
    [
        {"created_at__year": "9999"},
        {"created_at__year": "9999", "created_at__month": "12", "created_at__day": "31"},
        {"created_at__year": "0"},
        {"created_at__year": "2026", "created_at__month": "13"},
        {"created_at__year": "٢٠٢٦"},
    ],
)
def test_a_drill_down_date_out_of_range_is_refused(client_as, staff_user, query):
    AssessmentFactory()

    response = client_as(staff_user).get(ASSESSMENTS, query)

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url", "lookup"),
    [(ASSESSMENTS, "status__exact"), ("/admin/careers/learningstep/", "kind__exact")],
)
def test_a_filter_value_holding_a_nul_character_is_refused(client_as, staff_user, url, lookup):
    # PostgreSQL refuses the comparison outright; SQLite would just find nothing.
    AssessmentFactory()

    response = client_as(staff_user).get(url, {lookup: "draft\x00"})

    assert response.status_code == 400
