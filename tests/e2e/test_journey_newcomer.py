"""A newcomer signs up, rates a rung with the keyboard alone, and reads their gap report."""

from __future__ import annotations

import csv
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import Page, expect

from assessments import scoring
from careers.models import Requirement, Rung
from tests.e2e.helpers import clamp, smallest_rung

pytestmark = pytest.mark.e2e

EMAIL = "newcomer@example.org"
PASSWORD = "correct horse battery staple"
NOTE = "Read the EU AI Act summary"
# Ratings relative to each required level, cycled over the form's skills, so the report has
# wide gaps, near misses, met levels and surpluses.
OFFSETS = (-2, -1, 0, 1)
CSV_HEADER = [
    "skill",
    "category",
    "required",
    "rated",
    "gap",
    "surplus",
    "weighted_gap",
    "importance",
    "status",
    "blocking",
]
MAX_TABS_TO_FORM = 60


def _progress(page: Page):
    return page.get_by_text(re.compile(r"^\s*\d+ of \d+ rated\s*$"))


def _focused(page: Page) -> str:
    """The focused element's form field name, or its tag when it has none."""
    return page.evaluate("document.activeElement.name || document.activeElement.tagName")


def _sign_up(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label(re.compile(r"^\s*Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()


def _confirm_address(page: Page) -> None:
    """Follow the link the confirmation mail holds, as the person would from their inbox."""
    (message,) = [m for m in mail.outbox if EMAIL in m.to]
    link = next(word for word in message.body.split() if "/accounts/confirm-email/" in word)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My assessments", level=1)).to_be_visible()


def _start_assessment(page: Page, rung: Rung) -> None:
    page.get_by_role("link", name="Start your first assessment").click()
    page.get_by_role("radio", name=re.compile(re.escape(rung.title))).check()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(rung.title)


def _tab_into_rating_form(page: Page, first_field: str) -> None:
    """Tab from the top of the page until focus reaches the first skill's radio group."""
    for _ in range(MAX_TABS_TO_FORM):
        page.keyboard.press("Tab")
        if _focused(page) == first_field:
            return
    pytest.fail(f"{MAX_TABS_TO_FORM} Tab presses never reached {first_field}")


def _rate_with_keyboard(page: Page, skill_ids: list[int], ratings: dict[int, int]) -> None:
    """Space checks the focused radio, arrows move the check, Tab goes to the note and on."""
    total = len(skill_ids)
    _tab_into_rating_form(page, f"skill-{skill_ids[0]}")
    for done, skill_id in enumerate(skill_ids, start=1):
        assert _focused(page) == f"skill-{skill_id}", "focus skipped or reordered a skill"
        page.keyboard.press("Space")  # checks level 0, the group's first radio
        for _ in range(ratings[skill_id]):
            page.keyboard.press("ArrowRight")
        expect(_progress(page)).to_have_text(re.compile(rf"^\s*{done} of {total} rated\s*$"))
        page.keyboard.press("Tab")
        assert _focused(page) == f"note-{skill_id}"
        if done == 1:
            page.keyboard.type(NOTE)
        page.keyboard.press("Tab")


def _expect_ratings_kept(page: Page, ratings: dict[int, int], first_skill: int) -> None:
    for skill_id, level in ratings.items():
        expect(page.locator(f'input[name="skill-{skill_id}"]:checked')).to_have_value(str(level))
    expect(page.locator(f'textarea[name="note-{first_skill}"]')).to_have_value(NOTE)
    total = len(ratings)
    expect(_progress(page)).to_have_text(re.compile(rf"^\s*{total} of {total} rated\s*$"))


def test_newcomer_signs_up_rates_by_keyboard_and_reads_the_report(
    page: Page, framework, live_server, settings
):
    settings.SITE_URL = live_server.url  # mailed links point at the configured site
    rung = smallest_rung()
    requirements = list(Requirement.objects.filter(rung=rung).select_related("skill__category"))

    _sign_up(page)
    _confirm_address(page)
    # The live server thread hashes with the test settings' fast hasher, not PBKDF2.
    assert get_user_model().objects.get(email=EMAIL).password.startswith("md5$")
    _start_assessment(page, rung)

    skill_ids = page.locator('input[type="radio"][value="0"]').evaluate_all(
        "radios => radios.map(r => Number(r.name.replace('skill-', '')))"
    )
    assert sorted(skill_ids) == sorted(r.skill_id for r in requirements)
    required = {r.skill_id: r.level for r in requirements}
    ratings = {
        skill_id: clamp(required[skill_id] + OFFSETS[i % len(OFFSETS)])
        for i, skill_id in enumerate(skill_ids)
    }
    expect(_progress(page)).to_have_text(re.compile(rf"^\s*0 of {len(skill_ids)} rated\s*$"))

    _rate_with_keyboard(page, skill_ids, ratings)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(f"Draft saved: {len(skill_ids)} of {len(skill_ids)}")).to_be_visible()
    page.reload()
    _expect_ratings_kept(page, ratings, skill_ids[0])

    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/report/$"))

    by_slug = {r.skill.slug: r for r in requirements}
    expected = scoring.score(
        [scoring.Requirement(r.skill.slug, r.level, r.importance) for r in requirements],
        {r.skill.slug: ratings[r.skill_id] for r in requirements},
    )
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text(f"{expected.readiness_pct}% ready")
    assert not expected.ready, "the planned ratings should leave the newcomer short of ready"
    expect(summary).to_contain_text("Not ready yet")
    first = expected.items[0]
    assert first.gap >= 1
    gap_table = page.get_by_role("table", name=re.compile("Required and self-rated level"))
    first_row = gap_table.get_by_role("row").nth(1)
    expect(first_row.get_by_role("rowheader")).to_have_text(by_slug[first.skill].skill.name)
    expect(first_row).to_contain_text(scoring.STATUS_LABELS[first.status])

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^CSV")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == CSV_HEADER
    assert rows[1:] == [
        [
            by_slug[item.skill].skill.name,
            by_slug[item.skill].skill.category.name,
            str(item.required),
            str(item.rated),
            str(item.gap),
            str(item.surplus),
            str(item.weighted_gap),
            str(item.importance),
            item.status,
            "yes" if item.blocking else "no",
        ]
        for item in expected.items
    ]
