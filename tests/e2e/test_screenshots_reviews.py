"""Screenshots of the second opinions pages at desktop and phone widths (see
test_screenshots.py for where they go)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.reviews_support import REVIEW_PAGES
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, PAGE_WIDTH_JS, VIEWPORTS, _folder

pytestmark = pytest.mark.e2e


def test_review_pages_are_captured_at_desktop_and_phone_widths(page: Page, open_review_page):
    folder = _folder()
    overflowing = []

    for name in REVIEW_PAGES:
        for suffix, (width, height, tallest) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            open_review_page(name)
            if page.evaluate(PAGE_WIDTH_JS) > width:
                overflowing.append(f"{name}{suffix}")
            shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
            page.set_viewport_size({"width": width, "height": shown})
            path = folder / f"{name}{suffix}.png"
            page.screenshot(path=path)
            assert path.stat().st_size > 0
            if name == "report-reviewed":
                # The owner's controls sit at the foot of a long report: capture them alone.
                panel = folder / f"review-requests{suffix}.png"
                page.locator("#review-requests").screenshot(path=panel)

    assert not overflowing, f"pages wider than the screen (sideways scrolling): {overflowing}"
