"""Reports are served from the shared cache, after the ownership check, keyed by all they
depend on (assessments.report.cache.report_key)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse

from assessments import services, views
from assessments.models import Assessment
from assessments.report import cache as report_cache
from careers.cache import FRAMEWORK_VERSION_KEY, bump_framework_version, framework_version
from careers.framework_io import export_framework, import_framework
from careers.models import Requirement
from tests.factories import RequirementFactory, SkillFactory


def _url(assessment, name: str = "report") -> str:
    return reverse(f"assessments:{name}", args=[assessment.public_id])


def _submit(user, rung, level: int = 2):
    assessment = services.start_assessment(owner=user, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings={i: (level, "") for i in ids})
    return assessment


def _without_csrf_tokens(html: str) -> str:
    # Each response masks the CSRF token afresh; everything else must match byte for byte.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _key(assessment) -> str:
    return report_cache.report_key(Assessment.objects.with_report_inputs().get(pk=assessment.pk))


def _cached(assessment, name: str = "report") -> str | None:
    """What the cache holds for the page `name` of `assessment`, under today's key."""
    if name == "report":
        return cache.get(make_template_fragment_key("report-body", [_key(assessment)]))
    return cache.get(f"{_key(assessment)}:{name.removeprefix('report_')}")


@pytest.mark.parametrize("name", ["report", "report_json", "report_csv"])
def test_a_warm_cache_never_reaches_another_person(client_as, user, other_user, submitted, name):
    client_as(user).get(_url(submitted, name))
    assert _cached(submitted, name), "the owner's visit should have filled the cache"

    stranger = Client()
    stranger.force_login(other_user)
    response = stranger.get(_url(submitted, name))

    assert response.status_code == 404


def test_the_second_visit_serves_the_same_page(client_as, user, submitted):
    client = client_as(user)
    first = client.get(_url(submitted)).content.decode()

    second = client.get(_url(submitted)).content.decode()

    assert _cached(submitted)
    assert _without_csrf_tokens(second) == _without_csrf_tokens(first)


def test_each_response_carries_its_own_csrf_token(client_as, user, submitted, rating_data):
    client_as(user).get(_url(submitted))
    other_session = Client(enforce_csrf_checks=True)
    other_session.force_login(user)

    html = other_session.get(_url(submitted)).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = other_session.post(
        _url(submitted, "hours_per_week"), {"hours_per_week": "9", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302


def test_a_draft_report_follows_each_save(client_as, user, draft):
    client = client_as(user)
    before = client.get(_url(draft)).content.decode()
    skill_id = draft.rung.requirements.values_list("skill_id", flat=True)[0]

    services.save_ratings(assessment=draft, ratings={skill_id: (5, "")})
    after = client.get(_url(draft)).content.decode()

    assert _without_csrf_tokens(before) != _without_csrf_tokens(after)


def test_a_new_submission_refreshes_the_fallback_ratings(client_as, user, make_rung):
    rung, next_rung = make_rung(3), make_rung(0)
    rung.next_rungs.add(next_rung)
    extra = SkillFactory(name="Rust")
    RequirementFactory(rung=next_rung, skill=extra, level=3)
    report = _submit(user, rung)
    client = client_as(user)
    assert "Rust: <em>not yet rated</em>" in client.get(_url(report)).content.decode()

    elsewhere = RequirementFactory(skill=extra, level=2).rung
    _submit(user, elsewhere, level=1)
    html = client.get(_url(report)).content.decode()

    assert "Rust: rated 1 Awareness, required 3 Proficient" in html


def test_an_admin_edit_of_the_framework_rebuilds_cached_reports(
    client_as, user, staff_user, submitted, django_capture_on_commit_callbacks
):
    client = client_as(user)
    client.get(_url(submitted))
    before = report_cache.framework_version()
    requirement = Requirement.objects.filter(rung=submitted.rung).first()
    admin = Client()
    admin.force_login(staff_user)
    change_url = reverse("admin:careers_requirement_change", args=[requirement.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            change_url,
            {
                "rung": requirement.rung_id,
                "skill": requirement.skill_id,
                "level": 5,
                "importance": 3,
            },
        )
    html = client.get(_url(submitted)).content.decode()

    assert response.status_code == 302
    assert framework_version() != before
    assert _cached(submitted)  # rendered again under the new version
    assert "67%" in html  # the snapshot's gaps stay as submitted


def test_a_lost_framework_version_only_makes_reports_rebuild(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))
    cache.delete(FRAMEWORK_VERSION_KEY)

    response = client.get(_url(submitted))

    assert response.status_code == 200
    assert _cached(submitted)  # under a new version


class TestTheKeyFollowsEveryInput:
    def test_the_hours_per_week(self, user, submitted):
        before = _key(submitted)

        services.set_hours_per_week(user=user, hours=9)

        assert _key(submitted) != before

    def test_a_new_submission_of_the_person(self, user, submitted, make_rung):
        before = _key(submitted)

        other = services.start_assessment(owner=user, rung=make_rung(0))
        services.submit_assessment(assessment=other, ratings={})

        assert _key(submitted) != before

    def test_the_framework_version(self, submitted):
        before = _key(submitted)

        bump_framework_version()

        assert _key(submitted) != before

    def test_a_save_of_a_draft(self, draft, now):
        before = _key(draft)

        Assessment.objects.filter(pk=draft.pk).update(
            updated_at=now + datetime.timedelta(seconds=1)
        )

        assert _key(draft) != before

    def test_nothing_else(self, client_as, user, submitted):
        before = _key(submitted)

        client_as(user).get(_url(submitted))

        assert _key(submitted) == before


def test_the_response_is_still_not_stored_by_browsers(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))

    response = client.get(_url(submitted))

    assert "no-store" in response["Cache-Control"]


def test_importing_the_framework_rebuilds_cached_reports(db, django_capture_on_commit_callbacks):
    before = framework_version()

    with django_capture_on_commit_callbacks(execute=True):
        import_framework(export_framework())

    assert framework_version() != before


def test_a_message_shows_once_on_a_cached_page(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))  # cached
    rate_url = reverse("assessments:rate", args=[submitted.public_id])

    shown = client.post(rate_url, {"action": "submit"}, follow=True).content.decode()
    later = client.get(_url(submitted)).content.decode()

    assert views.ALREADY_SUBMITTED in shown
    assert views.ALREADY_SUBMITTED not in later
    assert views.ALREADY_SUBMITTED not in _cached(submitted)


def test_the_cached_body_keeps_neither_a_token_nor_a_message(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))
    rate_url = reverse("assessments:rate", args=[submitted.public_id])
    client.post(rate_url, {"action": "submit"}, follow=True)

    body = _cached(submitted)

    assert "Gap report:" in body
    assert "csrfmiddlewaretoken" not in body
    assert views.ALREADY_SUBMITTED not in body


def test_every_form_of_the_cached_body_gets_a_token(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))

    html = client.get(_url(submitted)).content.decode()

    form_ids = set(re.findall(r'<form method="post"[^>]* id="([^"]+)"', html))
    token_for = set(re.findall(r'name="csrfmiddlewaretoken" value="[^"]+" form="([^"]+)"', html))
    assert form_ids == {"retake-form", "hours-form"}
    assert form_ids <= token_for


def test_the_navigation_follows_a_change_of_email(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))
    user.email = "alice@new.example.org"
    user.save()

    html = client.get(_url(submitted)).content.decode()

    assert "alice@new.example.org" in html
    assert "alice@example.org" not in html


def test_staff_see_the_admin_link_on_a_cached_page(client_as, user, submitted):
    client = client_as(user)
    client.get(_url(submitted))
    user.is_staff = True
    user.save()

    html = client.get(_url(submitted)).content.decode()

    assert f'href="{reverse("admin:index")}"' in html


def test_the_cached_body_holds_nothing_whose_white_space_shows(client_as, user, submitted):
    # The body drops its indentation before it is cached (careers.templatetags.compact).
    # The review requests' form comes after the body, outside the cache.
    page = client_as(user).get(_url(submitted)).content.decode()
    html = page.split('id="review-requests"')[0]

    assert "<pre" not in html
    assert "<textarea" not in html
