"""Leaving or deleting an account takes a person out of every team view; the data download
lists their teams."""

from __future__ import annotations

import json

from django.urls import reverse

from assessments.privacy import delete_account
from teams.models import Membership, Team
from tests.reauth_support import delete_own_account


def _heatmap(client, team, rung) -> str:
    return client.get(
        reverse("teams:detail", args=[team.slug]) + f"?rung={rung.pk}"
    ).content.decode()


def test_leaving_removes_the_row_at_once(client_as, client, user, team, sharer, rung, submit):
    submit(sharer, rung, level=3)
    client.force_login(sharer)
    client.post(reverse("teams:leave", args=[team.slug]))
    client.force_login(user)

    html = _heatmap(client, team, rung)

    assert 'class="hm-member-name">Sam<' not in html
    assert "member not sharing" not in html


def test_deleting_an_account_removes_the_row_at_once(client, user, team, sharer, rung, submit):
    submit(sharer, rung, level=3)
    client.force_login(sharer)
    delete_own_account(client)
    client.force_login(user)

    html = _heatmap(client, team, rung)

    assert 'class="hm-member-name">Sam<' not in html
    assert not Membership.objects.filter(person_id=sharer.pk).exists()


def test_deleting_the_only_manager_hands_the_team_to_a_member(user, team, sharer):
    delete_account(user=user)

    assert Membership.objects.get(team=team, person=sharer).is_manager


def test_deleting_the_only_member_deletes_the_team(user, team):
    delete_account(user=user)

    assert not Team.objects.exists()


def test_the_data_download_lists_teams_and_sharing(client_as, team, sharer, now):
    data = json.loads(client_as(sharer).get(reverse("download_my_data")).content)

    assert data["teams"] == [
        {
            "team": "Platform",
            "role": "member",
            "sharing": True,
            "joined_at": Membership.objects.get(person=sharer).joined_at.isoformat(),
        }
    ]


def test_the_data_download_says_nothing_of_other_members(client_as, user, team, sharer):
    body = client_as(user).get(reverse("download_my_data")).content.decode()

    assert "sam" not in body.casefold()
