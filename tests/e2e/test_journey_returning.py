"""A returning person logs in, retakes a submitted assessment, raises two ratings and sees
what changed since last time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assessments import scoring
from careers.models import Requirement
from tests.e2e.helpers import clamp, smallest_rung
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

RAISE_BY = 2


def _log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My assessments", level=1)).to_be_visible()


def _score(requirements: list[Requirement], ratings: dict[int, int]) -> scoring.GapReport:
    return scoring.score(
        [scoring.Requirement(r.skill_id, r.level, r.importance) for r in requirements], ratings
    )


def test_returning_person_retakes_raises_two_ratings_and_sees_the_change(
    page: Page, framework, user, submitted
):
    rung = smallest_rung()
    requirements = list(Requirement.objects.filter(rung=rung).select_related("skill"))
    before = {r.skill_id: clamp(r.level - RAISE_BY) for r in requirements}
    submitted(owner=user, rung=rung, level_for=lambda r: before[r.skill_id])
    first_report = _score(requirements, before)
    # Raise the two gaps that matter most, each to its required level.
    raised = [item.skill for item in first_report.items[:2]]
    after = {**before, **{skill: clamp(before[skill] + RAISE_BY) for skill in raised}}
    second_report = _score(requirements, after)
    names = {r.skill_id: r.skill.name for r in requirements}
    assert second_report.readiness_pct > first_report.readiness_pct

    _log_in(page, user.email)
    page.get_by_role("link", name=re.compile(f"^Report.*{re.escape(rung.title)}")).click()
    expect(page.get_by_role("region", name="Summary")).to_contain_text(
        f"{first_report.readiness_pct}% ready"
    )
    page.get_by_role("button", name="Retake").click()

    total = len(requirements)
    expect(
        page.get_by_text(re.compile(rf"^\s*{total} of {total} skills rated\s*$"))
    ).to_be_visible()
    draft_url = page.url.split("?")[0]
    steps = page.locator(".step-list-item").count()
    for number in range(1, steps):  # every rating step, the review excepted
        page.goto(f"{draft_url}?step={number}")
        for skill_id in page.locator("[data-rating-item]").evaluate_all(
            "items => items.map(i => Number(i.dataset.skill))"
        ):
            checked = page.locator(f'input[name="skill-{skill_id}"]:checked')
            expect(checked).to_have_value(str(before[skill_id]))
            if skill_id in raised:
                group = page.get_by_role(
                    "group", name=re.compile(rf"^\s*{re.escape(names[skill_id])}\s*$")
                )
                group.get_by_role("radio", name=re.compile(rf"^\s*{after[skill_id]} ")).check()
        page.get_by_role("button", name="Save draft").click()
    page.get_by_role("link", name="Review and submit").click()
    page.get_by_role("button", name="Submit").click()

    expect(page).to_have_url(re.compile(r"/report/$"))
    expect(page.get_by_role("region", name="Summary")).to_contain_text(
        f"{second_report.readiness_pct}% ready"
    )

    points = second_report.readiness_pct - first_report.readiness_pct
    change = page.get_by_role("region", name="Change since last time")
    expect(change).to_contain_text(f"{first_report.readiness_pct}%")
    expect(change).to_contain_text(f"up {points} point{'' if points == 1 else 's'}")
    expect(change).to_contain_text(f"2 ratings up, 0 down, {total - 2} unchanged")
    changed_rows = change.get_by_role("table").locator("tbody").get_by_role("row")
    expect(changed_rows).to_have_count(2)
    changed_skills = changed_rows.get_by_role("rowheader").all_inner_texts()
    assert sorted(changed_skills) == sorted(names[skill] for skill in raised)
    for row in changed_rows.all():
        expect(row).to_contain_text(f"up {RAISE_BY}")

    trend = page.get_by_role("region", name="Readiness trend")
    chart = trend.get_by_role("img", name=f"Readiness trend for {rung.title}")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text(f"{first_report.readiness_pct}%")
    expect(chart).to_contain_text(f"{second_report.readiness_pct}%")
    trend.get_by_text("Readiness trend as a table").click()
    trend_rows = trend.get_by_role("table").locator("tbody").get_by_role("row")
    expect(trend_rows).to_have_count(2)
    expect(trend_rows.nth(0)).to_contain_text(f"{first_report.readiness_pct}%")
    expect(trend_rows.nth(1)).to_contain_text(f"{second_report.readiness_pct}%")
    expect(trend_rows.nth(1)).to_contain_text("this report")
