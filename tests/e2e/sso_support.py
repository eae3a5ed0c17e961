"""Single sign-on and account pages in the browser: the real test provider beside the live
server, and axe with a screenshot at both widths."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.test_screenshots import _folder
from tests.sso_support import CALLBACK_PATH, identity_provider

FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    # The app is on localhost; the provider on 127.0.0.1, so their cookies never mix.
    with identity_provider(
        tmp_path_factory.mktemp("idp"), [live_server.url + CALLBACK_PATH], host="127.0.0.1"
    ) as running:
        yield running


def axe_at_both_widths(page: Page, shot: str) -> list[str]:
    """axe's serious findings on `page` at both widths, each width kept as `shot-WIDTH.png`."""
    failing = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in FAILING_IMPACTS:
                targets = [node["target"] for node in violation["nodes"]]
                failing.append(f"{shot} at {width}px: {violation['id']} {targets}")
        page.screenshot(path=_folder() / f"{shot}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return failing
