"""A new share link is copied with one click; without the script the button never shows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import build_history

pytestmark = pytest.mark.e2e


def _make_link(page: Page, user, sign_in) -> None:
    report = build_history(user).latest
    sign_in(user, page)
    page.goto(report.get_report_url())
    page.get_by_role("button", name="Create share link").click()


def test_copy_link_puts_the_new_share_link_on_the_clipboard(page: Page, framework, user, sign_in):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _make_link(page, user, sign_in)
    link = page.get_by_label("Your new share link").input_value()

    page.get_by_role("button", name="Copy link").click()

    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    expect(page.locator("#new-share-link-copied")).to_have_text("Link copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert "/shared/" in link


def test_without_javascript_the_copy_button_stays_hidden(
    browser, live_server, framework, user, sign_in
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    _make_link(page, user, sign_in)

    expect(page.get_by_label("Your new share link")).to_be_visible()
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    context.close()
