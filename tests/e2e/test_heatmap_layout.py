"""The manager's heatmap reads whole at desktop and phone widths, on the 37-skill Data
Scientist rung with twelve sharing members: no name cut short, nothing spilling out of its
box, the skill names in view while the members scroll past, and every member's verdict on
a phone. Screenshots go beside the others (team-heatmap-37.png, -mobile)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from careers.models import Rung
from teams import services
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, PAGE_WIDTH_JS, VIEWPORTS, _folder
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

RUNG = "Data Scientist"
MEMBERS = 12
SKILLS = 37

# Header and skill cells whose text is cut: wider than their box, or ending in an ellipsis.
CUT_JS = """(cells) => cells
  .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1
                 || c.textContent.includes("\u2026"))
  .map((c) => c.textContent.trim())"""
# The box's right edge, and the right edge of the table inside it when not scrolled.
FITS_JS = """(box) => [box.getBoundingClientRect().right, box.scrollWidth <= box.clientWidth]"""


@pytest.fixture
def heatmap_path(framework, submitted, sign_in):
    rung = Rung.objects.get(title=RUNG)
    manager = UserFactory(first_name="Maya")
    team, _ = services.create_team(creator=manager, name="Data science")
    for index in range(MEMBERS):
        person = UserFactory(first_name=f"Member {index:02}", last_name="Longsurname-Example")
        submitted(owner=person, rung=rung, level_for=lambda r, i=index: (r.pk + i) % 6)
        services.join_team(team=team, person=person, shares=True)
    sign_in(manager)
    return f"/teams/{team.slug}/?rung={rung.pk}"


@pytest.mark.parametrize("suffix", list(VIEWPORTS))
def test_the_heatmap_is_whole_and_inside_its_box(page: Page, heatmap_path, suffix):
    width, height, tallest = VIEWPORTS[suffix]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(heatmap_path)
    table = page.locator("table.heatmap-table")
    box = page.locator(".heatmap-scroll")

    expect(table.locator("th.hm-skill")).to_have_count(SKILLS)
    expect(table.locator("th.hm-member")).to_have_count(MEMBERS)
    headers = table.locator("th.hm-skill, .hm-category th, .hm-member-name")
    assert headers.evaluate_all(CUT_JS) == []
    assert page.evaluate(PAGE_WIDTH_JS) <= width  # nothing spills out sideways
    right, fits = box.evaluate(FITS_JS)
    assert right <= width
    if width >= 1280:
        assert fits  # twelve members fit across a desktop screen
    _capture(page, f"team-heatmap-37{suffix}.png", width, tallest)


def test_on_a_phone_the_skill_names_stay_while_the_members_scroll(page: Page, heatmap_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(heatmap_path)
    box = page.locator(".heatmap-scroll")
    skill = page.locator("th.hm-skill").first
    left = skill.bounding_box()["x"]

    box.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")

    assert box.evaluate("(box) => box.scrollLeft") > 0  # there was more to the side
    assert skill.bounding_box()["x"] == pytest.approx(left, abs=1)
    last = page.locator("th.hm-member").last
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= 390


def test_on_a_phone_every_members_verdict_is_in_view(page: Page, heatmap_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(heatmap_path)

    verdicts = page.locator("section[aria-labelledby=readiness-title] .status-badge")

    expect(verdicts).to_have_count(MEMBERS)
    rights = verdicts.evaluate_all("(all) => all.map((v) => v.getBoundingClientRect().right)")
    assert max(rights) <= 390


def _capture(page: Page, name: str, width: int, tallest: int) -> None:
    shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
    page.set_viewport_size({"width": width, "height": shown})
    path = _folder() / name
    page.screenshot(path=path)
    assert path.stat().st_size > 0
