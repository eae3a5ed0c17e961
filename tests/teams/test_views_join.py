"""Joining by invite link: opt-in sharing, expired and renewed links, guessing."""

from __future__ import annotations

import datetime

import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from teams import services
from teams.forms import SHARE_LABEL
from teams.models import Membership
from tests.factories import UserFactory


def _join_url(token: str) -> str:
    return reverse("teams:join", args=[token])


def test_the_join_url_is_part_of_the_contract():
    assert _join_url("abc") == "/teams/join/abc/"


def test_the_join_page_asks_about_sharing_with_the_box_unticked(client_as, team):
    token = services.renew_invite(team=team)

    html = client_as(UserFactory()).get(_join_url(token)).content.decode()

    assert escape(SHARE_LABEL) in html
    assert 'type="checkbox" name="share"' in html
    assert "checked" not in html


def test_joining_without_the_box_does_not_share(client_as, team):
    token = services.renew_invite(team=team)
    person = UserFactory()

    response = client_as(person).post(_join_url(token))

    assert response.status_code == 302
    assert response.url == team.get_absolute_url()
    assert not Membership.objects.get(team=team, person=person).shares


def test_joining_with_the_box_ticked_shares(client_as, team):
    token = services.renew_invite(team=team)
    person = UserFactory()

    client_as(person).post(_join_url(token), {"share": "on"})

    assert Membership.objects.get(team=team, person=person).shares


def test_a_member_opening_the_link_goes_to_the_team_page(client_as, team, quiet):
    token = services.renew_invite(team=team)

    response = client_as(quiet).post(_join_url(token), {"share": "on"})

    assert response.url == team.get_absolute_url()
    assert not Membership.objects.get(team=team, person=quiet).shares


def test_an_expired_link_says_so(client_as, team, now):
    token = services.renew_invite(team=team)

    with time_machine.travel(now + datetime.timedelta(days=15), tick=False):
        response = client_as(UserFactory()).get(_join_url(token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_renewed_link_ends_the_old_one(client_as, team):
    old = services.renew_invite(team=team)
    services.renew_invite(team=team)

    response = client_as(UserFactory()).get(_join_url(old))

    assert response.status_code == 404


def test_a_wrong_token_is_404(client_as, team):
    services.renew_invite(team=team)

    assert client_as(UserFactory()).get(_join_url("not-a-token")).status_code == 404


@override_settings(ACCOUNT_RATE_LIMITS={"token_guess": "3/m/ip"})
def test_guessing_tokens_is_rate_limited_even_for_a_right_one(client_as, team):
    token = services.renew_invite(team=team)
    client = client_as(UserFactory())
    for _ in range(3):
        client.get(_join_url("wrong-guess"))

    assert client.get(_join_url(token)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_first(client, team):
    token = services.renew_invite(team=team)

    response = client.get(_join_url(token))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
