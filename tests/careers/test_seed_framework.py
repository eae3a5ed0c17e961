"""manage.py seed_framework: seeds only an empty database; a local admin only under DEBUG."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from careers.crosswalk import read_crosswalk
from careers.models import Requirement, Role, Skill
from tests.factories import RequirementFactory, RoleFactory

pytestmark = pytest.mark.django_db

PRINTED_PASSWORD = re.compile(r"password: (\S+)")


def _seed() -> str:
    out = StringIO()
    call_command("seed_framework", stdout=out)
    return out.getvalue()


def test_it_seeds_an_empty_database(settings):
    settings.DEBUG = False

    output = _seed()

    assert Role.objects.count() == 5
    assert Requirement.objects.count() >= 400
    assert "Loaded the career framework" in output


def test_a_seeded_database_has_the_esco_crosswalk(settings):
    settings.DEBUG = False

    _seed()

    recorded = dict(Skill.objects.exclude(external_id="").values_list("name", "external_id"))
    assert recorded == {match.skill: match.concept_uri for match in read_crosswalk()}
    assert recorded["Python"].startswith("http://data.europa.eu/esco/skill/")


def test_an_edited_requirement_survives_another_run(settings):
    # A framework already in the database, as after a first run, then edited in the admin.
    # (Factories instead of a second load of the full fixture: the guard is "any role".)
    settings.DEBUG = False
    edited = RequirementFactory(level=3, importance=3)
    edited.level, edited.importance = 1, 5
    edited.save()

    output = _seed()

    edited.refresh_from_db()
    assert (edited.level, edited.importance) == (1, 5)
    assert Role.objects.count() == 1
    assert Requirement.objects.count() == 1
    assert "nothing loaded" in output


def test_it_creates_admin_with_the_printed_password_under_debug(settings):
    settings.DEBUG = True
    RoleFactory()

    output = _seed()

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.email == "admin@localhost"
    assert admin.check_password(PRINTED_PASSWORD.search(output).group(1))


def test_it_prints_a_new_random_password_for_each_database(settings):
    settings.DEBUG = True
    RoleFactory()
    first = PRINTED_PASSWORD.search(_seed()).group(1)
    get_user_model().objects.all().delete()

    second = PRINTED_PASSWORD.search(_seed()).group(1)

    assert first != second
    assert len(second) >= 16


def test_it_prints_the_password_only_once(settings):
    settings.DEBUG = True
    RoleFactory()
    _seed()

    output = _seed()

    assert "password" not in output
    assert get_user_model().objects.count() == 1


def test_the_local_admin_logs_in_with_its_address_at_the_sites_login(settings, client):
    settings.DEBUG = True
    RoleFactory()
    output = _seed()

    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "admin@localhost", "password": PRINTED_PASSWORD.search(output).group(1)},
    )

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_it_creates_no_admin_when_a_superuser_exists(settings, staff_user):
    settings.DEBUG = True
    RoleFactory()

    output = _seed()

    assert list(get_user_model().objects.all()) == [staff_user]
    assert "password" not in output


def test_it_never_creates_a_user_when_debug_is_off(settings):
    settings.DEBUG = False
    RoleFactory()

    output = _seed()

    assert not get_user_model().objects.exists()
    assert "password" not in output
