"""Share links and a person's rights over their data: deletion and the data download."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reviews.models import ShareLink
from reviews.sharing import create_share_link, revoke_share_link
from tests.factories import ShareLinkFactory
from tests.reauth_support import delete_own_account
from tests.reviews.share_fixtures import make_rung, submit_with_notes

DATA_URL = "/accounts/data.json"


@pytest.fixture
def alices_link(user):
    assessment = submit_with_notes(user, make_rung(2))
    link, token = create_share_link(assessment=assessment, days=7, include_notes=True)
    return link, token


def test_deleting_the_account_deletes_their_share_links(client_as, user, alices_link):
    delete_own_account(client_as(user))

    assert not ShareLink.objects.exists()


def test_a_deleted_accounts_link_answers_404(client_as, user, alices_link, client):
    _, token = alices_link
    delete_own_account(client_as(user))
    client.logout()

    assert client.get(f"/shared/{token}/").status_code == 404


def test_deleting_an_account_keeps_other_peoples_links(client_as, user, other_user, alices_link):
    bobs = ShareLinkFactory(assessment=submit_with_notes(other_user, make_rung(2)))

    delete_own_account(client_as(user))

    assert list(ShareLink.objects.all()) == [bobs]


def test_the_download_lists_their_share_links(client_as, user, alices_link, now):
    link, _ = alices_link
    ShareLink.objects.filter(pk=link.pk).update(view_count=3)
    revoke_share_link(link=link)

    data = json.loads(client_as(user).get(DATA_URL).content)

    [assessment] = data["assessments"]
    assert data["share_links"] == [
        {
            "assessment": assessment["assessment"],
            "created_at": link.created_at.isoformat(),
            "expires_at": link.expires_at.isoformat(),
            "revoked_at": now.isoformat(),
            "views": 3,
            "include_notes": True,
        }
    ]


def test_the_download_never_holds_a_token_or_its_digest(client_as, user, alices_link):
    link, token = alices_link

    body = client_as(user).get(DATA_URL).content.decode()

    assert token not in body
    assert link.token_digest not in body


def test_the_download_holds_no_one_elses_links(client_as, user, other_user, alices_link):
    ShareLinkFactory(assessment=submit_with_notes(other_user, make_rung(2)), view_count=99)

    data = json.loads(client_as(user).get(DATA_URL).content)

    views = [link["views"] for link in data["share_links"]]
    assert views == [0]


@pytest.mark.parametrize("links", [1, 15])
def test_the_download_costs_the_same_queries_however_many_links(
    client_as, user, links, django_assert_num_queries
):
    assessment = submit_with_notes(user, make_rung(2))
    for _ in range(links):
        ShareLinkFactory(assessment=assessment)
    client = client_as(user)

    # Expect 19 queries: session, user, profile, account profile, email addresses, second
    # factors, single sign-on links, assessments, ratings, snapshot rows, review requests
    # received, reviews given, share links, team memberships, reminder choices, reminders
    # sent, plan step changes, goals, calendar feed (tests/test_privacy.py lists them)
    with django_assert_num_queries(19):
        client.get(reverse("download_my_data"))
