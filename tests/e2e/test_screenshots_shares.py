"""Screenshots of share links: the shared page a reader opens, and the owner's share panel
under the report (with a link just made, and one revoked). Same folder and widths as
tests/e2e/test_screenshots.py: shared-report.png, share-panel.png, and -mobile versions."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page

from accounts.services import save_profile
from reviews.models import ShareLink
from reviews.sharing import create_share_link, revoke_share_link
from tests.e2e.helpers import build_history
from tests.e2e.test_screenshots import PAGE_HEIGHT_JS, PAGE_WIDTH_JS, VIEWPORTS, _folder

pytestmark = pytest.mark.e2e


def test_share_pages_are_captured_at_desktop_and_phone_widths(
    page: Page, framework, user, sign_in, live_server
):
    save_profile(user=user, name="Alice")
    report = build_history(user).latest
    old, _ = create_share_link(assessment=report, days=7, include_notes=False)
    revoke_share_link(link=old)
    _, token = create_share_link(assessment=report, days=30, include_notes=False)
    Client().get(f"/shared/{token}/")  # one view, so the panel counts something
    folder = _folder()
    overflowing = []

    for suffix, (width, height, tallest) in VIEWPORTS.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/shared/{token}/")
        overflowing += _capture(page, folder / f"shared-report{suffix}.png", width, tallest)

        sign_in(user)
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/assessments/{report.public_id}/report/")
        page.get_by_role("region", name="Share this report").get_by_label("90 days").check()
        page.get_by_role("button", name="Create share link").click()
        page.locator("#share-links").screenshot(path=folder / f"share-panel{suffix}.png")
        if page.evaluate(PAGE_WIDTH_JS) > width:
            overflowing.append(f"share-panel{suffix}")
        # Each width shows the same three links: the one just made goes again.
        ShareLink.objects.filter(assessment=report).order_by("-created_at", "-pk").first().delete()

    assert not overflowing, f"pages wider than the screen (sideways scrolling): {overflowing}"


def _capture(page: Page, path, width: int, tallest: int) -> list[str]:
    wide = [path.stem] if page.evaluate(PAGE_WIDTH_JS) > width else []
    shown = min(page.evaluate(PAGE_HEIGHT_JS), tallest)
    page.set_viewport_size({"width": width, "height": shown})
    page.screenshot(path=path)
    assert path.stat().st_size > 0
    return wide
