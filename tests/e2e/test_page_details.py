"""Small things a newcomer notices at once: spacing, a button that looks disabled, a link
out of line on a phone, buttons in an unexpected order."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SECTION_GAP = 24  # px between a card and the next section's heading, at least
# Where an element's text starts, padding aside.
TEXT_LEFT_JS = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return range.getBoundingClientRect().x;
}"""


def _box(page: Page, locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_my_teams_keeps_its_distance_from_the_empty_dashboards_card(page: Page, open_page):
    open_page("dashboard-empty")

    card = _box(page, page.locator("section.empty-state"))
    heading = _box(page, page.get_by_role("heading", name="My teams"))

    assert heading["y"] - (card["y"] + card["height"]) >= SECTION_GAP


def test_print_looks_as_live_as_the_retake_button_beside_it(page: Page, open_page):
    open_page("report")
    color = "(element) => getComputedStyle(element).color"

    printing = page.get_by_role("button", name="Print / Save as PDF").evaluate(color)
    retake = page.get_by_role("button", name="Retake").first.evaluate(color)

    assert printing == retake


def test_browse_the_roles_lines_up_with_the_buttons_above_it_on_a_phone(page: Page, open_page):
    page.set_viewport_size(PHONE)
    open_page("home")

    browse = page.get_by_role("link", name="Browse the roles")
    sign_up = _box(page, page.get_by_role("link", name="Sign up free").first)

    assert _box(page, browse)["y"] > sign_up["y"]  # on a line of its own
    assert browse.evaluate(TEXT_LEFT_JS) == pytest.approx(sign_up["x"], abs=1)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_back_comes_before_save_draft_in_the_step_actions(page: Page, open_page, viewport):
    page.set_viewport_size(viewport)
    open_page("rating-form")
    page.goto(page.url + "?step=2")

    back = _box(page, page.get_by_role("button", name="Back"))
    save = _box(page, page.get_by_role("button", name="Save draft"))

    assert (back["y"], back["x"]) < (save["y"], save["x"])


# The font size an SVG's axis labels are drawn at on screen, after the SVG's scaling.
AXIS_FONT_PX_JS = """() => {
  const svg = [...document.querySelectorAll(".report-trend svg")].find(s => s.clientWidth > 0);
  const label = svg.querySelector("text.chart-axis");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(label.getAttribute("font-size")) * scale;
}"""


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, PHONE])
def test_the_trends_axis_labels_stay_readable(page: Page, open_page, viewport):
    page.set_viewport_size(viewport)
    open_page("report")

    assert page.evaluate(AXIS_FONT_PX_JS) >= 11
