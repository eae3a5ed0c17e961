"""The cached manager's view changes as soon as anything it shows changes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import save_profile
from careers.cache import bump_framework_version
from teams.models import Membership
from teams.services import rename_team


def _view(client, team, rung) -> str:
    return client.get(
        reverse("teams:detail", args=[team.slug]) + f"?rung={rung.pk}"
    ).content.decode()


def test_a_member_who_stops_sharing_disappears_from_a_cached_view(
    client_as, client, user, team, sharer, rung, submit
):
    submit(sharer, rung, level=3)
    manager = client_as(user)
    assert 'class="hm-member-name">Sam<' in _view(manager, team, rung)

    Membership.objects.filter(person=sharer).update(shares=False)

    assert 'class="hm-member-name">Sam<' not in _view(manager, team, rung)


def test_a_new_submission_shows_in_a_cached_view(client_as, user, team, sharer, rung, submit):
    submit(sharer, rung, level=1)
    manager = client_as(user)
    assert '<td class="hm-gap">1<span>, two or more levels short</span></td>' in _view(
        manager, team, rung
    )

    submit(sharer, rung, level=4)

    html = _view(manager, team, rung)
    assert '<td class="hm-meets">4</td>' in html
    assert '<td class="hm-gap">1<span>, two or more levels short</span></td>' not in html


def test_a_framework_edit_shows_in_a_cached_view(client_as, user, team, sharer, rung):
    manager = client_as(user)
    _view(manager, team, rung)
    requirement = rung.requirements.first()
    requirement.skill.name = "Renamed skill"
    requirement.skill.save()
    bump_framework_version()

    assert "Renamed skill" in _view(manager, team, rung)


def test_a_renamed_member_shows_in_a_cached_view(client_as, user, team, sharer, rung):
    manager = client_as(user)
    _view(manager, team, rung)
    save_profile(user=sharer, name="Samantha")

    assert 'class="hm-member-name">Samantha<' in _view(manager, team, rung)


def test_a_member_made_manager_shows_in_a_cached_view(client_as, user, team, sharer, rung):
    manager = client_as(user)
    assert _view(manager, team, rung).count("Manager</span>") == 1

    Membership.objects.filter(person=sharer).update(is_manager=True)

    assert _view(manager, team, rung).count("Manager</span>") == 2


def test_the_pickers_search_is_part_of_the_cached_view(client_as, user, team, rung):
    manager = client_as(user)
    url = reverse("teams:detail", args=[team.slug]) + f"?rung={rung.pk}"
    plain = manager.get(url).content.decode()

    searched = manager.get(f"{url}&q=nothing+matches+this").content.decode()

    assert 'value="nothing matches this"' in searched
    assert 'value="nothing matches this"' not in plain


def test_an_unknown_rung_is_never_cached(client_as, user, team, rung):
    manager = client_as(user)
    url = reverse("teams:detail", args=[team.slug]) + f"?rung={rung.pk + 1000}"
    assert manager.get(url).status_code == 422

    with CaptureQueriesContext(connection) as again:
        assert manager.get(url).status_code == 422

    assert any("careers_rung" in query["sql"] for query in again.captured_queries)


def test_a_renamed_team_shows_its_new_name_in_the_cached_rename_form(client_as, user, team):
    manager = client_as(user)
    manager.get(reverse("teams:detail", args=[team.slug]))
    rename_team(team=team, name="Renamed team")

    html = manager.get(reverse("teams:detail", args=[team.slug])).content.decode()

    assert 'value="Renamed team"' in html
