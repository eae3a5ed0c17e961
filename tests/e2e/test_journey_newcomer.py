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
    "evidence",
]
MAX_TABS_TO_FORM = 60
EVIDENCE = "https://example.org/my-ethics-brief"
RANGE = re.compile(r"^\s*(?:Between (\d+)% and (\d+)%|(\d+)%)\s*$")


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


def _range(page: Page) -> tuple[int, int]:
    text = page.locator("[data-range-figure]").inner_text()
    match = RANGE.match(text)
    assert match, text
    if match[3]:
        return int(match[3]), int(match[3])
    return int(match[1]), int(match[2])


def _step_skills(page: Page) -> list[int]:
    return page.locator('input[type="radio"][value="0"]').evaluate_all(
        "radios => radios.map(r => Number(r.name.replace('skill-', '')))"
    )


def _rate_step_with_keyboard(page: Page, ratings: dict[int, int], ranges: list) -> list[int]:
    """Rate the step's skills with the keyboard alone, then press Enter to go on.

    Space checks the focused radio, arrows move the check, Tab goes to the note, the
    evidence link and the next skill. Returns the step's skill ids.
    """
    skill_ids = _step_skills(page)
    _tab_into_rating_form(page, f"skill-{skill_ids[0]}")
    for skill_id in skill_ids:
        assert _focused(page) == f"skill-{skill_id}", "focus skipped or reordered a skill"
        page.keyboard.press("Space")  # checks level 0, the group's first radio
        for _ in range(ratings[skill_id]):
            page.keyboard.press("ArrowRight")
        ranges.append(_range(page))
        page.keyboard.press("Tab")
        assert _focused(page) == f"note-{skill_id}"
        if len(ranges) == 1:
            page.keyboard.type(NOTE)
        page.keyboard.press("Tab")
        assert _focused(page) == f"evidence-{skill_id}"
        if len(ranges) == 1:
            page.keyboard.type(EVIDENCE)
        if skill_id != skill_ids[-1]:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the form's first button: "Save and continue"
    return skill_ids


def _expect_step(page: Page, number: int, total: int) -> None:
    heading = page.get_by_role("heading", name=re.compile(rf"^Step {number} of {total}:"))
    expect(heading).to_be_visible()


def test_newcomer_rates_every_step_by_keyboard_resumes_and_reads_the_report(
    page: Page, framework, live_server, settings
):
    settings.SITE_URL = live_server.url  # mailed links point at the configured site
    rung = smallest_rung()
    requirements = list(Requirement.objects.filter(rung=rung).select_related("skill__category"))
    required = {r.skill_id: r.level for r in requirements}
    order = sorted(required)
    ratings = {
        skill_id: clamp(required[skill_id] + OFFSETS[i % len(OFFSETS)])
        for i, skill_id in enumerate(order)
    }
    _sign_up(page)
    _confirm_address(page)
    # The live server thread hashes with the test settings' fast hasher, not PBKDF2.
    assert get_user_model().objects.get(email=EMAIL).password.startswith("md5$")
    _start_assessment(page, rung)
    steps = page.locator(".step-list-item").count()
    draft_url = page.url.split("?")[0]
    assert _range(page) == (0, 100)

    ranges: list[tuple[int, int]] = []
    rated: list[int] = []
    for number in (1, 2):
        _expect_step(page, number, steps)
        rated += _rate_step_with_keyboard(page, ratings, ranges)
    _expect_step(page, 3, steps)
    page.goto("/assessments/")  # leave after step 2 ...
    page.goto(draft_url)  # ... and come back: it resumes at step 3
    _expect_step(page, 3, steps)
    for number in range(3, steps):
        _expect_step(page, number, steps)
        rated += _rate_step_with_keyboard(page, ratings, ranges)

    assert sorted(rated) == order
    lows, highs = [low for low, _ in ranges], [high for _, high in ranges]
    assert lows == sorted(lows), ranges  # the range only ever narrows
    assert highs == sorted(highs, reverse=True), ranges
    assert ranges[-1][0] == ranges[-1][1], "with every skill rated the range is one number"

    _expect_step(page, steps, steps)
    review = page.locator("form")
    expect(review.get_by_role("row")).to_have_count(len(order) + steps - 1)  # + header rows
    expect(review.get_by_text("Not rated yet")).to_have_count(0)
    expect(review.get_by_role("link", name=re.compile(r"^example\.org"))).to_have_attribute(
        "href", EVIDENCE
    )
    review.get_by_role("link", name=re.compile("^Change")).first.click()
    _expect_step(page, 1, steps)
    expect(page.locator(f'input[name="evidence-{rated[0]}"]')).to_have_value(EVIDENCE)
    page.get_by_role("link", name="Review and submit").click()
    _expect_step(page, steps, steps)

    page.get_by_role("button", name="Submit").focus()
    page.keyboard.press("Enter")
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
            EVIDENCE if by_slug[item.skill].skill_id == rated[0] else "",
        ]
        for item in expected.items
    ]
