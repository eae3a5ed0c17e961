"""A manager builds a team, two people join by the link (one sharing, one not), the manager
reads the heatmap and its CSV, and the sharing member changes their mind."""

from __future__ import annotations

import csv
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from careers.models import Requirement, Rung
from tests.factories import AccountProfileFactory, UserFactory

pytestmark = pytest.mark.e2e

TARGET = "Senior AI/ML Engineer"
FAILING_IMPACTS = {"serious", "critical"}


def _level_for(requirement: Requirement) -> int:
    """Sam's self-ratings: everything at 3, so cells meet, fall one short, or further."""
    return 3


def _serious_axe_violations(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]


def test_a_team_shares_by_choice_and_the_manager_sees_only_what_is_shared(
    page: Page, new_context, framework, sign_in, submitted, tmp_path
):
    manager = UserFactory(email="maya@example.org")
    sam = AccountProfileFactory(user__email="sam@example.org", name="Sam").user
    quinn = UserFactory(email="quinn@example.org")
    rung = Rung.objects.get(title=TARGET)
    submitted(owner=sam, rung=rung, level_for=_level_for)
    submitted(owner=quinn, rung=rung, level_for=lambda requirement: 5)

    # The manager creates a team and copies the invite link, shown once.
    sign_in(manager)
    page.goto("/teams/new/")
    page.get_by_label("Team name").fill("Applied ML")
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Applied ML")
    # The link names the configured site (DJANGO_SITE_URL); here the live server stands in.
    link = urlsplit(page.get_by_label("Invite link", exact=False).input_value()).path
    assert link.startswith("/teams/join/")

    # Sam joins and ticks "share"; Quinn joins without ticking it.
    for person, shares in ((sam, True), (quinn, False)):
        joiner = new_context().new_page()
        sign_in(person, joiner)
        joiner.goto(link)
        box = joiner.get_by_label("Share my latest ratings with this team's managers")
        expect(box).not_to_be_checked()
        if shares:
            box.check()
        joiner.get_by_role("button", name="Join Applied ML").click()
        expect(joiner.get_by_role("heading", level=1)).to_have_text("Applied ML")
        if person == sam:
            sams_page = joiner

    # The manager picks the target rung: one row, Sam's, and one member not sharing.
    page.reload()
    page.get_by_label("Target rung", exact=True).select_option(label=TARGET)
    page.get_by_role("button", name="Show").click()
    readiness = page.locator("section[aria-labelledby=readiness-title] tbody tr")
    expect(readiness).to_have_count(1)
    expect(readiness.first.get_by_role("rowheader")).to_have_text("Sam")
    expect(page.get_by_text("1 member not sharing")).to_be_visible()
    first = Requirement.objects.filter(rung=rung).select_related("skill").order_by("pk").first()
    gap = first.level - 3
    short = {1: ", one level short"}.get(gap, ", two or more levels short" if gap >= 2 else "")
    table = page.locator("table.heatmap-table")
    line = table.locator("tr").filter(
        has=page.get_by_role("rowheader", name=f"{first.skill.name} ({first.level})", exact=True)
    )
    expect(table.get_by_role("columnheader", name="sam")).to_be_visible()
    expect(line.locator("td")).to_have_text(f"3{short}")
    assert not _serious_axe_violations(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert not _serious_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    # The CSV: one row per requirement for Sam, and nothing of Quinn's.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the heatmap as CSV").click()
    with open(download_info.value.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["member", "skill", "category", "required", "importance", "rated", "gap"]
    assert len(rows) - 1 == Requirement.objects.filter(rung=rung).count()
    assert {row[0] for row in rows[1:]} == {"Sam"}

    # Sam stops sharing; the manager reloads and the row is gone.
    sams_page.get_by_role("button", name="Stop sharing").click()
    expect(sams_page.get_by_text("You no longer share")).to_be_visible()
    page.reload()
    expect(page.locator("section[aria-labelledby=readiness-title]")).to_have_count(0)
    expect(page.get_by_text("2 members not sharing")).to_be_visible()
    expect(page.get_by_text("Nobody in the team shares their ratings yet.")).to_be_visible()
