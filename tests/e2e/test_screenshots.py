"""Screenshots of the key pages at desktop and phone widths, for the README and for review.

PNGs go to $SKILLGAP_SCREENSHOTS (`make screenshots` sets docs/screenshots), else to
test-results/screenshots/. Named <page>.png (1280 px wide) and <page>-mobile.png (390 px).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

SHOTS = (
    "home",
    "ladder",
    "signup",
    "dashboard",
    "new-assessment",
    "rating-form",
    "rating-review",
    "rating-settled",
    "report",
    "report-print",
    "admin-rung-editor",
)
# suffix: (width, height, tallest picture kept); long pages are cut at that height.
VIEWPORTS = {"": (1280, 800, 2400), "-mobile": (390, 844, 4000)}
PAGE_WIDTH_JS = "document.documentElement.scrollWidth"
PAGE_HEIGHT_JS = "document.documentElement.scrollHeight"


def _folder() -> Path:
    folder = Path(os.environ.get("SKILLGAP_SCREENSHOTS") or "test-results/screenshots")
    if not folder.is_absolute():
        folder = Path(settings.BASE_DIR) / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_key_pages_are_captured_at_desktop_and_phone_widths(page: Page, open_page):
    folder = _folder()
    overflowing = []

    for name in SHOTS:
        for suffix, (width, height, tallest) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            open_page(name)
            # Print is laid out on paper, and the admin is Django's own.
            checked = not name.startswith("admin") and not name.endswith("-print")
            if checked and page.evaluate(PAGE_WIDTH_JS) > width:
                overflowing.append(f"{name}{suffix}")
            # A screen as tall as the page (up to `tallest`), rather than a full-page capture,
            # so sticky bars sit where a reader would see them, not over the middle.
            shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
            page.set_viewport_size({"width": width, "height": shown})
            path = folder / f"{name}{suffix}.png"
            page.screenshot(path=path)
            assert path.stat().st_size > 0

    assert not overflowing, f"pages wider than the screen (sideways scrolling): {overflowing}"
