"""GET /teams/<slug>/heatmap.csv?rung=<id>: one row per sharing member x skill."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from tests.factories import AccountProfileFactory, MembershipFactory


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def _url(team, rung) -> str:
    return reverse("teams:heatmap_csv", args=[team.slug]) + f"?rung={rung.pk}"


def test_the_csv_url_is_part_of_the_contract(team):
    assert reverse("teams:heatmap_csv", args=[team.slug]) == f"/teams/{team.slug}/heatmap.csv"


def test_the_columns_are_exactly_those_of_the_contract(client_as, user, team, sharer, rung):
    rows = _rows(client_as(user).get(_url(team, rung)))

    assert rows[0] == ["member", "skill", "category", "required", "importance", "rated", "gap"]


def test_one_row_per_sharing_member_and_skill(client_as, user, team, sharer, quiet, rung, submit):
    submit(sharer, rung, level=2)

    response = client_as(user).get(_url(team, rung))

    rows = _rows(response)[1:]
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 4
    assert {row[0] for row in rows} == {"Sam"}
    assert {(row[3], row[4], row[5], row[6]) for row in rows} == {("3", "3", "2", "1")}


def test_an_unrated_skill_has_an_empty_rating(client_as, user, team, sharer, rung):
    rows = _rows(client_as(user).get(_url(team, rung)))[1:]

    assert {(row[5], row[6]) for row in rows} == {("", "3")}


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client_as, user, team, rung):
    person = AccountProfileFactory(name="=HYPERLINK(1)").user
    MembershipFactory(team=team, person=person, shares=True)

    rows = _rows(client_as(user).get(_url(team, rung)))[1:]

    assert rows[0][0] == "'=HYPERLINK(1)"


def test_without_a_rung_the_page_explains(client_as, user, team):
    response = client_as(user).get(reverse("teams:heatmap_csv", args=[team.slug]))

    assert response.status_code == 200
    assert "Target rung" in response.content.decode()


def test_a_member_who_is_not_a_manager_gets_404(client_as, team, sharer, rung):
    assert client_as(sharer).get(_url(team, rung)).status_code == 404
