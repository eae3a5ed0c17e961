"""The shared page /shared/<token>/: the frozen report, read-only, without the owner's bits."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.services import save_profile
from reviews.models import ShareLink
from reviews.sharing import create_share_link, revoke_share_link
from tests.reviews.share_fixtures import NOTE, make_rung, submit_with_notes


def _report_url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def _without_csrf_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


class TestWhatItShows:
    def test_it_shows_the_frozen_report(self, client, share, noted):
        _, path = share()

        response = client.get(path)

        html = response.content.decode()
        assert response.status_code == 200
        assert f"Gap report: {noted.rung.title}" in html
        assert "67%" in html  # every skill required at 3, rated 2
        assert html.count('class="gap-row ') == 4

    def test_it_leaves_notes_out_by_default(self, client, share):
        _, path = share(include_notes=False)

        html = client.get(path).content.decode()

        assert NOTE not in html
        assert "Notes written with the ratings are not included." in html

    def test_it_shows_notes_when_the_owner_chose_so(self, client, share):
        _, path = share(include_notes=True)

        html = client.get(path).content.decode()

        assert html.count(NOTE) == 4
        assert "It includes the notes written with the ratings." in html

    def test_notes_are_escaped(self, client, user):
        assessment = submit_with_notes(user, make_rung(2), note="<script>alert(1)</script>")
        _, token = create_share_link(assessment=assessment, days=7, include_notes=True)

        html = client.get(f"/shared/{token}/").content.decode()

        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_it_says_when_the_link_expires(self, client, share, now):
        _, path = share(days=7)

        assert "until 22 June 2026, 12:00 UTC" in client.get(path).content.decode()

    def test_it_names_the_owner_by_display_name(self, client, share, user):
        save_profile(user=user, name="Alice Liddell")
        _, path = share()

        html = client.get(path).content.decode()

        assert "Alice Liddell\u2019s SkillGap report" in html
        assert user.email not in html

    def test_without_a_display_name_it_is_a_skillgap_report(self, client, share):
        _, path = share()

        assert "<strong>A SkillGap report</strong>" in client.get(path).content.decode()

    def test_it_counts_each_view(self, client, share):
        link, path = share()

        client.get(path)
        client.get(path)

        assert ShareLink.objects.get(pk=link.pk).view_count == 2


class TestWhatItLeavesOut:
    @pytest.fixture
    def html(self, user, share):
        """The shared page as the owner would see it, signed in: still nothing of theirs."""
        _, path = share()
        client = Client()
        client.force_login(user)
        return client.get(path).content.decode()

    def test_no_email_address_even_for_the_signed_in_owner(self, html, user):
        assert user.email not in html

    def test_no_site_navigation_or_account_menu(self, html):
        assert "My assessments" not in html
        assert "Log out" not in html
        assert "Download my data" not in html

    def test_no_hours_form(self, html):
        assert 'id="hours-form"' not in html
        assert "hours_per_week" not in html

    def test_no_retake_or_continue_rating(self, html):
        assert "Retake" not in html
        assert "Continue rating" not in html

    def test_no_link_or_form_to_an_owner_only_url(self, html):
        assert "/assessments/" not in html
        assert "<form" not in html
        assert "report.csv" not in html
        assert "report.json" not in html

    def test_no_share_panel(self, html):
        assert 'id="share-links"' not in html

    def test_no_links_to_earlier_reports_in_trend_or_change(self, user, noted, share, client):
        # A second submission of the same rung: the report compares with the first.
        later = submit_with_notes(user, noted.rung)
        _, token = create_share_link(assessment=later, days=7, include_notes=False)

        html = client.get(f"/shared/{token}/").content.decode()

        assert "Change since last time" in html
        assert reverse("assessments:report", args=[noted.public_id]) not in html


class TestFrozenInTime:
    """The link shows the report as it stood when it was submitted."""

    def test_a_later_submission_stays_out_of_the_trend(self, now, client, user, share, noted):
        _, path = share()
        with time_machine.travel(now + datetime.timedelta(days=31), tick=False):
            later = submit_with_notes(user, noted.rung)

        shared = _trend_section(client.get(path))
        client.force_login(user)
        owners = _trend_section(client.get(_report_url(noted)))

        later_date = f"{later.submitted_at:%-d %b %Y}"
        assert later_date not in shared
        assert "The first assessment of" in shared  # the shared one alone: no line to draw
        assert later_date in owners  # the owner's own page lists every submission


def _trend_section(response) -> str:
    """The report's readiness trend section, as HTML."""
    return re.search(r'<section class="report-trend.*?</section>', response.content.decode(), re.S)[
        0
    ]


class TestHeaders:
    @pytest.fixture
    def response(self, client, share):
        _, path = share()
        return client.get(path)

    def test_it_is_not_indexed(self, response):
        assert response["X-Robots-Tag"] == "noindex"

    def test_it_is_not_stored(self, response):
        assert response["Cache-Control"] == "no-store"

    def test_it_sends_no_referrer(self, response):
        assert response["Referrer-Policy"] == "no-referrer"


class TestClosedLinks:
    def test_an_unknown_token_is_404(self, client, noted):
        assert client.get("/shared/not-a-real-token/").status_code == 404

    def test_a_revoked_link_is_404(self, client, share):
        link, path = share()
        revoke_share_link(link=link)

        assert client.get(path).status_code == 404

    def test_an_expired_link_is_404(self, client, share, now):
        _, path = share(days=7)

        with time_machine.travel(now + datetime.timedelta(days=7), tick=False):
            assert client.get(path).status_code == 404

    def test_unknown_revoked_and_expired_look_exactly_alike(self, client, share, now):
        revoked, revoked_path = share()
        revoke_share_link(link=revoked)
        _, expired_path = share(days=7)

        with time_machine.travel(now + datetime.timedelta(days=8), tick=False):
            answers = [client.get(path) for path in ("/shared/nope/", revoked_path, expired_path)]

        assert {answer.status_code for answer in answers} == {404}
        assert len({_without_csrf_tokens(answer) for answer in answers}) == 1

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_only_reading_is_allowed(self, client, share, method):
        link, path = share()

        assert getattr(client, method)(path).status_code == 405
        assert ShareLink.objects.get(pk=link.pk).view_count == 0


class TestCache:
    def test_the_owners_page_never_gets_the_shared_rendering(self, client_as, user, noted, share):
        _, path = share()
        Client().get(path)

        owner_html = client_as(user).get(_report_url(noted)).content.decode()

        assert "Retake" in owner_html
        assert 'id="hours-form"' in owner_html

    def test_the_shared_page_never_gets_the_owners_rendering(self, client_as, user, noted, share):
        _, path = share()
        client_as(user).get(_report_url(noted))

        shared_html = Client().get(path).content.decode()

        assert "Retake" not in shared_html
        assert 'id="hours-form"' not in shared_html

    def test_a_link_without_notes_never_gets_the_rendering_with_notes(self, client, share):
        _, with_notes = share(include_notes=True)
        _, without = share(include_notes=False)
        assert NOTE in client.get(with_notes).content.decode()

        assert NOTE not in client.get(without).content.decode()


class TestQueryBudget:
    # Expect 12 queries on a first view, whatever the rung's size:
    # * the live link, by its token's digest
    # * counting the view (a conditional UPDATE)
    # * the assessment with its rung and role, the owner's first name, hours per week and
    #   last submission time (the cache key)
    # * the snapshot
    # * learning steps of the skills with a gap
    # * the person's submitted assessments of this rung (trend, previous)
    # * the person's ratings submitted in other assessments (fallback, change)
    # * the reviewers' ratings (second opinions)
    # * the rung index, built once per framework version: every rung, every requirement
    # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
    # * their requirements, with the skills' slugs and names (next rungs, moves, ladder)
    FIRST_VIEW = 12

    @pytest.mark.parametrize("skills", [10, 60])
    def test_skills_do_not_add_queries(self, client, user, skills, django_assert_num_queries):
        assessment = submit_with_notes(user, make_rung(skills))
        _, token = create_share_link(assessment=assessment, days=7, include_notes=False)

        with django_assert_num_queries(self.FIRST_VIEW):
            response = client.get(f"/shared/{token}/")
        assert response.content.decode().count('class="gap-row ') == skills

    @pytest.mark.parametrize("skills", [10, 60])
    def test_a_second_view_is_served_from_the_cache(
        self, client, user, skills, django_assert_num_queries
    ):
        assessment = submit_with_notes(user, make_rung(skills))
        _, token = create_share_link(assessment=assessment, days=7, include_notes=False)
        client.get(f"/shared/{token}/")

        # Expect 3 queries: the link, the counting UPDATE and the assessment (the cache
        # key); the body comes from the cache
        with django_assert_num_queries(3):
            response = client.get(f"/shared/{token}/")
        assert response.content.decode().count('class="gap-row ') == skills


class TestItSpeaksAboutThePerson:
    """The body speaks to its owner on their report, and about them on a share link."""

    SECOND_PERSON = ("Your ", "your ", "You have", "you are", "You are", "Brings you", "lift you")

    def test_it_speaks_of_the_owner_by_display_name(self, client, share, user):
        save_profile(user=user, name="Ada")
        _, path = share()

        html = client.get(path).content.decode()

        assert "Ada\u2019s place on the ladder" in html
        assert "Ada\u2019s readiness for every rung" in html
        assert "Ada\u2019s readiness for" in html
        assert "Ada\u2019s rating (solid)" in html
        assert not [words for words in self.SECOND_PERSON if words in _body(html)]

    def test_without_a_name_it_speaks_of_this_person(self, client, share):
        _, path = share()

        html = client.get(path).content.decode()

        assert "This person\u2019s place on the ladder" in html
        assert not [words for words in self.SECOND_PERSON if words in _body(html)]

    def test_the_owners_own_report_still_speaks_to_them(self, client_as, user, noted):
        save_profile(user=user, name="Ada")

        html = client_as(user).get(noted.get_report_url()).content.decode()

        assert "Your place on the ladder" in html
        assert "Ada\u2019s" not in html

    def test_a_new_name_shows_on_a_cached_shared_page(self, client, share, user):
        save_profile(user=user, name="Ada")
        _, path = share()
        client.get(path)

        save_profile(user=user, name="Ada Lovelace")

        assert "Ada Lovelace\u2019s place on the ladder" in client.get(path).content.decode()


def _body(html: str) -> str:
    """The report body of a shared page: what follows the notice about the link."""
    return html.split("shared-notice", 1)[1]
