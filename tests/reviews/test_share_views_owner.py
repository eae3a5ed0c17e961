"""The owner's side of share links: the panel under the report, creating and revoking."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from reviews.models import ShareLink
from reviews.share_forms import NOTES_ERROR
from reviews.share_views import LINK_CREATED, LINK_REVOKED
from reviews.sharing import DAYS_ERROR, DRAFT_ERROR
from tests.factories import (
    AssessmentFactory,
    ReviewRequestFactory,
    ShareLinkFactory,
    UserFactory,
)
from tests.reviews.share_fixtures import make_rung, submit_with_notes

SITE = "https://skillgap.example.org"


def _create_url(assessment) -> str:
    return reverse("shares:create", args=[assessment.public_id])


def _revoke_url(link) -> str:
    return reverse("shares:revoke", args=[link.assessment.public_id, link.pk])


def _report_url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def _panel(html: str) -> str:
    start = html.index('<section class="share-links')
    return html[start : html.index("</section>", start)]


def test_the_urls_are_part_of_the_contract(noted):
    link = ShareLinkFactory(assessment=noted)

    assert _create_url(noted) == f"/assessments/{noted.public_id}/shares/"
    assert _revoke_url(link) == f"/assessments/{noted.public_id}/shares/{link.pk}/revoke/"
    assert reverse("shares:shared", args=["abc"]) == "/shared/abc/"


class TestCreate:
    def test_it_returns_to_the_reports_share_panel(self, client_as, user, noted):
        response = client_as(user).post(_create_url(noted), {"days": "7"})

        assert response.status_code == 302
        assert response.url == _report_url(noted) + "#share-links"

    def test_it_makes_a_link_for_the_chosen_days(self, client_as, user, noted, now):
        client_as(user).post(_create_url(noted), {"days": "90"})

        link = ShareLink.objects.get()
        assert link.assessment == noted
        assert link.expires_at == now + datetime.timedelta(days=90)

    def test_without_days_the_link_works_for_30_days(self, client_as, user, noted, now):
        client_as(user).post(_create_url(noted), {})

        assert ShareLink.objects.get().expires_at == now + datetime.timedelta(days=30)

    def test_notes_stay_out_unless_ticked(self, client_as, user, noted):
        client_as(user).post(_create_url(noted), {"days": "30"})

        assert ShareLink.objects.get().include_notes is False

    def test_a_ticked_box_includes_notes(self, client_as, user, noted):
        client_as(user).post(_create_url(noted), {"days": "30", "include_notes": "on"})

        assert ShareLink.objects.get().include_notes is True

    def test_the_new_link_is_shown_once_with_the_full_url(self, client_as, user, noted, settings):
        settings.SITE_URL = SITE
        client = client_as(user)
        response = client.post(_create_url(noted), {"days": "7"}, follow=True)

        panel = _panel(response.content.decode())
        assert LINK_CREATED in response.content.decode()
        assert 'id="new-share-link"' in panel
        assert f'value="{SITE}/shared/' in panel
        assert "readonly" in panel
        assert "only time it is shown" in panel

        again = _panel(client.get(_report_url(noted)).content.decode())
        assert 'id="new-share-link"' not in again
        assert "/shared/" not in again

    def test_the_link_shown_opens_the_shared_report(self, client_as, user, noted, client, settings):
        settings.SITE_URL = SITE
        response = client_as(user).post(_create_url(noted), {"days": "7"}, follow=True)
        html = response.content.decode()
        start = html.index(f'value="{SITE}/shared/') + len(f'value="{SITE}')
        path = html[start : html.index('"', start)]

        client.logout()
        shared = client.get(path)

        assert shared.status_code == 200
        assert noted.rung.title in shared.content.decode()

    def test_a_forged_host_header_never_reaches_the_link(self, client_as, user, noted, settings):
        settings.SITE_URL = SITE
        settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
        client = client_as(user)
        response = client.post(
            _create_url(noted), {"days": "7"}, follow=True, headers={"Host": "evil.example"}
        )

        panel = _panel(response.content.decode())
        assert f'value="{SITE}/shared/' in panel
        assert "evil.example" not in panel

    def test_a_new_link_waiting_for_one_report_is_not_shown_on_another(
        self, client_as, user, noted
    ):
        other = submit_with_notes(user, make_rung(3))
        client = client_as(user)
        client.post(_create_url(noted), {"days": "7"})

        elsewhere = client.get(_report_url(other)).content.decode()

        assert 'id="new-share-link"' not in elsewhere
        assert 'id="new-share-link"' in client.get(_report_url(noted)).content.decode()

    @pytest.mark.parametrize("days", ["14", "abc", "7.0", "-30", "9" * 40])
    def test_bad_days_are_refused_beside_the_field(self, client_as, user, noted, days):
        response = client_as(user).post(_create_url(noted), {"days": days, "include_notes": "on"})

        panel = _panel(response.content.decode())
        assert response.status_code == 422
        assert 'id="share-days-error"' in panel
        assert DAYS_ERROR in panel
        assert not ShareLink.objects.exists()

    def test_a_refusal_keeps_the_choices_and_the_ticked_box(self, client_as, user, noted):
        response = client_as(user).post(_create_url(noted), {"days": "14", "include_notes": "on"})

        panel = _panel(response.content.decode())
        for days in ("7", "30", "90"):
            assert f'value="{days}"' in panel
        notes_box = panel[panel.index('id="share-include-notes"') - 300 :]
        assert "checked" in notes_box[: notes_box.index("<label")]

    def test_a_refusal_keeps_the_chosen_expiry_ticked(self, client_as, user, noted):
        response = client_as(user).post(
            _create_url(noted), {"days": "90", "include_notes": "yes please"}
        )

        assert _checked_days(_panel(response.content.decode())) == ["90"]

    def test_the_form_starts_at_30_days(self, client_as, user, noted):
        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        assert _checked_days(panel) == ["30"]

    def test_a_refusal_keeps_the_rest_of_the_report(self, client_as, user, noted):
        response = client_as(user).post(_create_url(noted), {"days": "14"})

        html = response.content.decode()
        assert 'id="blocking-title"' in html
        assert 'data-report-part="skills"' in html  # the first screen, as on any visit
        assert 'id="hours-form"' in html

    def test_include_notes_other_than_on_is_refused(self, client_as, user, noted):
        response = client_as(user).post(
            _create_url(noted), {"days": "7", "include_notes": "yes please"}
        )

        assert response.status_code == 422
        assert NOTES_ERROR in _panel(response.content.decode())
        assert not ShareLink.objects.exists()

    def test_a_draft_is_refused_with_a_clear_message(self, client_as, user):
        draft = AssessmentFactory(owner=user, rung=make_rung(3))

        response = client_as(user).post(_create_url(draft), {"days": "7"})

        assert response.status_code == 422
        assert DRAFT_ERROR in response.content.decode()
        assert not ShareLink.objects.exists()

    def test_a_get_is_405_for_the_owner(self, client_as, user, noted):
        assert client_as(user).get(_create_url(noted)).status_code == 405

    @pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
    def test_someone_elses_assessment_is_404(self, client_as, other_user, noted, method):
        response = getattr(client_as(other_user), method)(_create_url(noted), {"days": "7"})

        assert response.status_code == 404
        assert not ShareLink.objects.exists()

    def test_anonymous_visitors_are_sent_to_log_in(self, client, noted):
        response = client.post(_create_url(noted), {"days": "7"})

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert not ShareLink.objects.exists()


class TestRevoke:
    def test_it_ends_the_link_and_returns_to_the_panel(self, client_as, user, noted, now):
        link = ShareLinkFactory(assessment=noted)

        response = client_as(user).post(_revoke_url(link))

        assert response.status_code == 302
        assert response.url == _report_url(noted) + "#share-links"
        assert ShareLink.objects.get(pk=link.pk).revoked_at == now

    def test_the_revoked_link_answers_404_at_once(self, client_as, user, client, share):
        link, path = share()
        assert client.get(path).status_code == 200

        client_as(user).post(_revoke_url(link))
        client.logout()

        assert client.get(path).status_code == 404

    def test_it_says_so(self, client_as, user, noted):
        link = ShareLinkFactory(assessment=noted)

        response = client_as(user).post(_revoke_url(link), follow=True)

        assert LINK_REVOKED in response.content.decode()

    @pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
    def test_someone_elses_link_is_404(self, client_as, other_user, noted, method):
        link = ShareLinkFactory(assessment=noted)

        response = getattr(client_as(other_user), method)(_revoke_url(link))

        assert response.status_code == 404
        assert ShareLink.objects.get(pk=link.pk).revoked_at is None

    def test_a_link_of_another_assessment_is_404_under_this_one(self, client_as, user, noted):
        elsewhere = ShareLinkFactory(assessment=submit_with_notes(user, make_rung(3)))
        url = reverse("shares:revoke", args=[noted.public_id, elsewhere.pk])

        response = client_as(user).post(url)

        assert response.status_code == 404
        assert ShareLink.objects.get(pk=elsewhere.pk).revoked_at is None

    def test_a_get_is_405_for_the_owner(self, client_as, user, noted):
        link = ShareLinkFactory(assessment=noted)

        assert client_as(user).get(_revoke_url(link)).status_code == 405
        assert ShareLink.objects.get(pk=link.pk).revoked_at is None


class TestPanel:
    def test_a_submitted_report_has_the_panel_after_its_body(self, client_as, user, noted):
        html = client_as(user).get(_report_url(noted)).content.decode()

        assert html.index('id="share-links"') > html.index('class="report-exports')
        assert f'action="/assessments/{noted.public_id}/shares/"' in html

    def test_a_draft_report_has_no_panel(self, client_as, user):
        draft = AssessmentFactory(owner=user, rung=make_rung(3))

        html = client_as(user).get(_report_url(draft)).content.decode()

        assert 'id="share-links"' not in html

    def test_it_lists_expiry_views_notes_and_state(self, client_as, user, noted, now):
        ShareLinkFactory(assessment=noted, view_count=4, include_notes=True)

        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        assert "15 Jul 2026, 12:00" in panel  # 30 days after the fixed clock
        assert '<td class="text-end" data-label="Views">4</td>' in panel
        assert "Included" in panel
        assert "Active" in panel

    def test_it_says_exactly_what_a_link_shows_and_never_shows(self, client_as, user, now, noted):
        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        scope = panel[panel.index('class="share-scope"') :]
        said = [
            "as you submitted it on 15 June 2026",
            "with your evidence links",
            "second opinions you have not hidden",
            "none yet, and any you receive while the link works",
            "your notes only on a link made with “Include my notes” ticked",
            "Never your e-mail address",
        ]
        assert [words for words in said if words not in scope] == []

    def test_it_counts_the_second_opinions_a_link_shows(self, client_as, user, noted):
        for hidden_at in (None, None, noted.submitted_at):
            ReviewRequestFactory(
                assessment=noted,
                accepted_at=noted.submitted_at,
                submitted_at=noted.submitted_at,
                hidden_at=hidden_at,
                reviewer=UserFactory(),
            )

        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        assert "comments: 2 now, and any you receive" in panel

    def test_only_active_links_can_be_revoked(self, client_as, user, noted, now):
        active = ShareLinkFactory(assessment=noted)
        revoked = ShareLinkFactory(assessment=noted, revoked_at=now)
        expired = ShareLinkFactory(assessment=noted, created_at=now - datetime.timedelta(days=40))

        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        assert _revoke_url(active) in panel
        assert _revoke_url(revoked) not in panel
        assert _revoke_url(expired) not in panel
        assert "Revoked" in panel
        assert "Expired" in panel

    def test_it_never_shows_a_token_or_digest(self, client_as, user, noted):
        link = ShareLinkFactory(assessment=noted, token="secret-token-value")

        html = client_as(user).get(_report_url(noted)).content.decode()

        assert "secret-token-value" not in html
        assert link.token_digest not in html

    def test_it_lists_only_this_assessments_links(self, client_as, user, noted):
        ShareLinkFactory(view_count=77, assessment__status=Assessment.Status.SUBMITTED)

        panel = _panel(client_as(user).get(_report_url(noted)).content.decode())

        assert "No share links yet." in panel
        assert ">77<" not in panel

    @pytest.mark.parametrize("links", [1, 12])
    def test_its_rows_cost_one_query_however_many(
        self, client_as, user, noted, links, django_assert_num_queries
    ):
        for _ in range(links):
            ShareLinkFactory(assessment=noted)
        client = client_as(user)
        client.get(_report_url(noted))

        # Expect 4 queries: session, user, the assessment (with the cache key's inputs and
        # the panels' counts) and the share links; the body comes from the cache, and the
        # row counts no review request, so that panel needs no query
        with django_assert_num_queries(4):
            response = client.get(_report_url(noted))
        assert _panel(response.content.decode()).count('class="share-row ') == links


def _checked_days(panel: str) -> list[str]:
    """The values of the ticked expiry radios."""
    return re.findall(r'<input type="radio" name="days" value="(\d+)"[^>]* checked>', panel)
