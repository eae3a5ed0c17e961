"""The team page: what a manager and a member each see."""

from __future__ import annotations

from django.urls import reverse

from teams.heatmap import NOT_RATED_MARK
from teams.inputs import RUNG_MISSING
from teams.models import Membership
from tests.factories import EscoRoleFactory, RungFactory


def _url(team, rung=None) -> str:
    url = reverse("teams:detail", args=[team.slug])
    return f"{url}?rung={rung.pk}" if rung is not None else url


def test_the_team_url_is_part_of_the_contract(team):
    assert _url(team) == f"/teams/{team.slug}/"


def test_a_manager_sees_the_sharing_members_row_and_the_not_sharing_count(
    client_as, user, team, sharer, quiet, rung, submit
):
    submit(sharer, rung, level=3)
    submit(quiet, rung, level=5)

    html = client_as(user).get(_url(team, rung)).content.decode()

    assert 'class="hm-member-name">Sam<' in html
    assert 'class="hm-member-name">quinn<' not in html
    assert "1 member not sharing" in html


def test_a_manager_sees_each_cell_as_the_latest_rating(
    client_as, user, team, sharer, rung, submit, now
):
    submit(sharer, rung, level=1)
    submit(sharer, rung, level=4)

    html = client_as(user).get(_url(team, rung)).content.decode()

    assert '<td class="hm-meets">4</td>' in html
    assert '<td class="hm-gap">1<span>, two or more levels short</span></td>' not in html


def test_a_skill_never_rated_shows_as_not_rated(client_as, user, team, sharer, rung):
    html = client_as(user).get(_url(team, rung)).content.decode()

    # The dash is drawn by the stylesheet, silent; the words are for screen readers.
    assert "<td><span>Not rated</span></td>" in html
    assert NOT_RATED_MARK not in html.split("<tbody>", 1)[1].split("</table>", 1)[0]


def test_notes_and_evidence_never_reach_the_manager(client_as, user, team, sharer, rung, submit):
    submit(sharer, rung, level=2, note="private-note-text", evidence="https://example.org/secret")

    client = client_as(user)
    page = client.get(_url(team, rung)).content.decode()
    csv = client.get(reverse("teams:heatmap_csv", args=[team.slug]) + f"?rung={rung.pk}")

    for body in (page, csv.content.decode()):
        assert "private-note-text" not in body
        assert "example.org/secret" not in body


def test_an_unknown_rung_shows_the_page_with_a_message(client_as, user, team):
    response = client_as(user).get(f"{_url(team)}?rung=nope")

    assert response.status_code == 422
    assert RUNG_MISSING in response.content.decode()


def test_a_member_sees_names_and_their_own_sharing_but_no_ratings(
    client_as, team, sharer, quiet, rung, submit
):
    submit(sharer, rung, level=3)

    response = client_as(quiet).get(_url(team, rung))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam" in html
    membership = Membership.objects.get(person=quiet)
    assert f"Unnamed member {membership.pk} (you)" in html
    assert "You do not share your ratings" in html
    assert "Heatmap" not in html
    assert "readiness" not in html.lower()


def test_stopping_sharing_removes_the_row_at_once(client_as, user, team, sharer, rung, submit):
    submit(sharer, rung, level=3)
    client_as(sharer).post(reverse("teams:sharing", args=[team.slug]))

    html = client_as(user).get(_url(team, rung)).content.decode()

    assert 'class="hm-member-name">Sam<' not in html
    assert "1 member not sharing" in html


def test_members_are_named_by_display_name_never_by_address(client_as, user, team, sharer, quiet):
    html = client_as(user).get(reverse("teams:detail", args=[team.slug])).content.decode()

    unnamed = Membership.objects.get(person=quiet)
    assert "Sam" in html
    assert f"Unnamed member {unnamed.pk}" in html
    assert "sam@example.org" not in html
    assert "quinn" not in html  # neither the address nor its local part


# ---------------------------------------------------------------- the rung picker (DESIGN §15)


def _esco_rung(name: str, *, alt: str = ""):
    role = EscoRoleFactory(name=name, alternative_labels=alt)
    return RungFactory(role=role, order=1, title=name)


def test_the_rung_picker_finds_an_imported_rung_by_an_alternative_label(client_as, user, team):
    hand_made = RungFactory(title="Junior Data Engineer")
    imported = _esco_rung("software developer", alt="programmer")

    html = client_as(user).get(_url(team), {"q": "programmer"}).content.decode()

    assert f'<option value="{imported.pk}">Software developer</option>' in html
    assert '<optgroup label="Software developer (ESCO)">' in html
    assert f'value="{hand_made.pk}"' not in html
    assert 'name="q" value="programmer"' in html


def test_without_a_search_the_rung_picker_offers_the_hand_made_rungs(client_as, user, team):
    hand_made = RungFactory(title="Junior Data Engineer")
    imported = _esco_rung("software developer")

    html = client_as(user).get(_url(team)).content.decode()

    assert f'value="{hand_made.pk}"' in html
    assert f'value="{imported.pk}"' not in html


def test_a_chosen_imported_rung_stays_offered_and_chosen_without_the_search(client_as, user, team):
    imported = _esco_rung("software developer")

    html = client_as(user).get(_url(team, imported)).content.decode()

    assert f'<option value="{imported.pk}" selected>Software developer</option>' in html


def test_the_heatmap_and_readiness_headings_capitalise_an_imported_rung(
    client_as, user, team, sharer
):
    imported = _esco_rung("software developer")

    html = client_as(user).get(_url(team, imported)).content.decode()

    assert "Heatmap: Software developer</h3>" in html
    assert "Members' readiness for Software developer</h3>" in html
