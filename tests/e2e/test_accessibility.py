"""Every page passes axe with no serious or critical violation, and keyboard users can see
where they are: a skip link comes first and every focused control shows a focus ring."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.helpers import PAGES

pytestmark = pytest.mark.e2e

FAILING_IMPACTS = {"serious", "critical"}
# The admin is Django's own; its accessibility is Django's to keep.
CHECKED_PAGES = [name for name in PAGES if not name.startswith("admin")]
FOCUS_STOPS = 12  # Tab stops checked per page for a visible focus indicator

_axe = Axe()

# Does the focused element show a focus indicator: an outline or box-shadow ring that it
# does not have when blurred? Focus is restored afterwards, so tabbing carries on.
# Transitions are finished first: Bootstrap fades its focus ring in over 0.15 s.
FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  const ring = () => {
    document.getAnimations().forEach((animation) => animation.finish());
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return (outline ? style.outlineStyle + style.outlineWidth + style.outlineColor : "")
      + "|" + style.boxShadow;
  };
  const focused = ring();
  el.blur();
  const blurred = ring();
  el.focus();
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    label: (el.innerText || el.value || el.name || el.id || "").trim().slice(0, 40),
    shown: focused !== "|none" && focused !== blurred,
    visible: box.width > 0 && box.height > 0,
  };
}"""


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {target}" for target in targets)
    return "\n".join(lines)


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_page_has_no_serious_or_critical_axe_violations(page: Page, open_page, name):
    open_page(name)

    violations = _axe.run(page).response["violations"]

    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {name} ({page.url}):\n{_describe(failing)}"


@pytest.mark.parametrize("name", ["rating-form", "rating-review", "rating-settled"])
def test_rating_steps_have_no_serious_or_critical_axe_violations_on_a_phone(
    page: Page, open_page, name
):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(name)

    violations = _axe.run(page).response["violations"]

    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {name} at 390 px ({page.url}):\n{_describe(failing)}"


@pytest.mark.parametrize("name", ["home", "rating-form", "report"])
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page, open_page, name):
    open_page(name)

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("name", ["home", "rating-form", "report"])
def test_every_tab_stop_shows_a_focus_indicator(page: Page, open_page, name):
    open_page(name)

    invisible = []
    for _ in range(FOCUS_STOPS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_RING_JS)
        if focus["visible"] and not focus["shown"]:
            invisible.append(f"{focus['tag']} {focus['label']!r}")

    assert not invisible, f"no visible focus on {name}: {invisible}"


def test_printed_report_keeps_its_title_and_drops_the_site_chrome(page: Page, open_page):
    open_page("report-print")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Gap report")
    expect(page.get_by_role("region", name="Summary")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Retake")).to_be_hidden()
