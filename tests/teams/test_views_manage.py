"""Creating, renaming and deleting a team, its invite link, and managing members."""

from __future__ import annotations

from django.urls import reverse

from teams.forms import NAME_REQUIRED, NAME_TOO_LONG
from teams.models import Membership, Team


def test_the_new_team_url_is_part_of_the_contract():
    assert reverse("teams:new") == "/teams/new/"


def test_creating_a_team_redirects_to_it(client_as, user):
    response = client_as(user).post(reverse("teams:new"), {"name": "Data platform"})

    team = Team.objects.get()
    assert response.status_code == 302
    assert response.url == f"/teams/{team.slug}/"
    assert Membership.objects.get(team=team, person=user).is_manager


def test_the_invite_link_is_shown_once_after_creation(client_as, user):
    client = client_as(user)
    client.post(reverse("teams:new"), {"name": "Data platform"})
    team = Team.objects.get()

    first = client.get(team.get_absolute_url()).content.decode()
    second = client.get(team.get_absolute_url()).content.decode()

    assert "/teams/join/" in first
    assert "shown only this once" in first
    assert "/teams/join/" not in second
    assert "Renew link" in second


def test_the_invite_link_comes_from_the_site_url_whatever_the_host_header(
    client_as, user, settings
):
    settings.SITE_URL = "https://skillgap.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    client = client_as(user)
    client.post(reverse("teams:new"), {"name": "Data platform"}, headers={"Host": "evil.example"})

    page = client.get(Team.objects.get().get_absolute_url(), headers={"Host": "evil.example"})

    assert "https://skillgap.example.org/teams/join/" in page.content.decode()
    assert "evil.example" not in page.content.decode()


def test_renewing_shows_a_new_link_once(client_as, user, team):
    client = client_as(user)

    response = client.post(reverse("teams:renew_invite", args=[team.slug]), follow=True)

    assert "/teams/join/" in response.content.decode()
    assert "no longer works" in response.content.decode()


def test_a_blank_name_is_refused_next_to_the_field(client_as, user):
    response = client_as(user).post(reverse("teams:new"), {"name": "   "})

    assert response.status_code == 422
    assert NAME_REQUIRED in response.content.decode()
    assert not Team.objects.exists()


def test_a_long_name_is_refused_and_kept(client_as, user):
    name = "x" * 81

    response = client_as(user).post(reverse("teams:new"), {"name": name})

    assert response.status_code == 422
    assert NAME_TOO_LONG.replace("'", "&#x27;") in response.content.decode()
    assert f'value="{name}"' in response.content.decode()


def test_renaming_a_team(client_as, user, team):
    response = client_as(user).post(reverse("teams:rename", args=[team.slug]), {"name": "Core"})

    team.refresh_from_db()
    assert response.status_code == 302
    assert team.name == "Core"


def test_a_bad_rename_keeps_the_page_and_the_input(client_as, user, team):
    response = client_as(user).post(reverse("teams:rename", args=[team.slug]), {"name": ""})

    team.refresh_from_db()
    assert response.status_code == 422
    assert NAME_REQUIRED in response.content.decode()
    assert team.name == "Platform"


def test_deleting_a_team(client_as, user, team):
    response = client_as(user).post(reverse("teams:delete", args=[team.slug]))

    assert response.url == reverse("teams:list")
    assert not Team.objects.exists()


def test_a_manager_can_make_a_member_a_manager(client_as, user, team, sharer):
    member = Membership.objects.get(person=sharer)

    client_as(user).post(reverse("teams:make_manager", args=[team.slug, member.pk]))

    member.refresh_from_db()
    assert member.is_manager


def test_a_manager_can_remove_a_member(client_as, user, team, sharer):
    member = Membership.objects.get(person=sharer)

    client_as(user).post(reverse("teams:remove_member", args=[team.slug, member.pk]))

    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_only_manager_cannot_leave_and_is_told_why(client_as, user, team):
    response = client_as(user).post(reverse("teams:leave", args=[team.slug]), follow=True)

    assert Membership.objects.filter(person=user).exists()
    assert "at least one manager" in response.content.decode()


def test_a_member_of_another_team_cannot_be_managed_from_this_one(client_as, user, team):
    stranger = Membership.objects.create(team=Team.objects.create(name="B", slug="b"), person=user)

    response = client_as(user).post(reverse("teams:remove_member", args=[team.slug, stranger.pk]))

    assert response.status_code == 404


def test_a_member_can_leave(client_as, team, sharer):
    response = client_as(sharer).post(reverse("teams:leave", args=[team.slug]))

    assert response.url == reverse("teams:list")
    assert not Membership.objects.filter(person=sharer).exists()


def test_the_sharing_toggle_returns_to_a_safe_next(client_as, team, quiet):
    response = client_as(quiet).post(
        reverse("teams:sharing", args=[team.slug]), {"share": "on", "next": "/assessments/"}
    )

    assert response.url == "/assessments/"
    assert Membership.objects.get(person=quiet).shares


def test_the_sharing_toggle_ignores_a_next_elsewhere(client_as, team, quiet):
    response = client_as(quiet).post(
        reverse("teams:sharing", args=[team.slug]), {"next": "https://evil.example/"}
    )

    assert response.url == team.get_absolute_url()


def test_the_dashboard_lists_teams_with_a_sharing_toggle(client_as, team, quiet):
    html = client_as(quiet).get(reverse("assessments:dashboard")).content.decode()

    assert "Platform" in html
    assert "Not sharing" in html
    assert reverse("teams:sharing", args=[team.slug]) in html


def test_the_teams_list_shows_each_team_and_the_sharing_choice(client_as, team, sharer):
    html = client_as(sharer).get(reverse("teams:list")).content.decode()

    assert "Platform" in html
    assert "You share your ratings" in html


def test_a_manager_can_make_another_manager_a_plain_member(client_as, user, team, sharer):
    member = Membership.objects.get(person=sharer)
    Membership.objects.filter(pk=member.pk).update(is_manager=True)

    client_as(user).post(reverse("teams:demote_manager", args=[team.slug, member.pk]))

    member.refresh_from_db()
    assert not member.is_manager


def test_the_only_manager_is_told_why_they_stay_one(client_as, user, team):
    mine = Membership.objects.get(person=user)

    response = client_as(user).post(
        reverse("teams:demote_manager", args=[team.slug, mine.pk]), follow=True
    )

    mine.refresh_from_db()
    assert mine.is_manager
    assert "at least one manager" in response.content.decode()


def test_the_members_page_lets_a_manager_act_on_each_other_member(client_as, user, team, sharer):
    member = Membership.objects.get(person=sharer)

    html = client_as(user).get(reverse("teams:members", args=[team.slug])).content.decode()

    assert reverse("teams:make_manager", args=[team.slug, member.pk]) in html
    assert reverse("teams:remove_member", args=[team.slug, member.pk]) in html


def test_the_team_page_links_managers_to_the_members_page(client_as, user, team):
    html = client_as(user).get(team.get_absolute_url()).content.decode()

    assert reverse("teams:members", args=[team.slug]) in html


def test_a_plain_member_gets_no_members_page_link(client_as, team, sharer):
    html = client_as(sharer).get(team.get_absolute_url()).content.decode()

    assert reverse("teams:members", args=[team.slug]) not in html
