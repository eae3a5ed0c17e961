"""The report opens on a lighter first screen: where JavaScript runs, the long sections it
leaves to the full report (every skill in detail, the rest of the plan) arrive in place;
without JavaScript, its links lead to the full report, which shows them."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.e2e

FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)


def test_the_long_sections_arrive_in_place_and_pass_axe_at_both_widths(page: Page, open_page):
    failing = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        open_page("report")

        expect(page.locator(".report-skills-chart")).to_be_visible()
        expect(page.locator(".report-gaps .gap-row").first).to_be_visible()
        expect(page.get_by_role("heading", name="Strengths")).to_be_visible()
        expect(page.get_by_role("heading", name="Every skill in detail")).to_have_count(0)
        # in the order of the full report: the gaps before the plan
        order = page.evaluate(
            "[...document.querySelectorAll('h2')].map((h) => h.textContent.trim())"
        )
        assert order.index("Every requirement, in priority order") < order.index("Learning plan")
        violations = Axe().run(page).response["violations"]
        failing += [
            f"{width}px: {v['id']} {[n['target'] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in FAILING_IMPACTS
        ]

    assert not failing, "\n".join(failing)


def test_without_javascript_a_link_leads_to_every_skill_in_the_full_report(
    page: Page, open_page, browser: Browser, live_server
):
    open_page("report")  # signs in, and builds the history
    report_url = page.url
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(report_url)

    expect(plain.locator(".report-skills-chart")).to_have_count(0)
    plain.get_by_role("link", name="See every skill in the full report").click()

    expect(plain).to_have_url(f"{report_url}full/#skills-chart-title")
    expect(plain.get_by_role("heading", name="Required vs self-rated, by category")).to_be_visible()
    expect(plain.locator(".report-gaps .gap-row").first).to_be_visible()
    expect(plain.get_by_role("link", name="See every skill in the full report")).to_have_count(0)
    context.close()
