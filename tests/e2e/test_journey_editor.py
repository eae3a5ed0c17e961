"""A framework editor changes a rung in the admin; new assessments follow, old reports do not."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from careers.models import LearningStep, Requirement, Skill
from tests.e2e.helpers import smallest_rung
from tests.factories import PASSWORD
from tests.mfa_support import SECRET, code_with_time_to_type

pytestmark = pytest.mark.e2e

NEW_LEVEL, NEW_IMPORTANCE = 3, 4
STEP_TITLE = "Shadow a senior colleague for a sprint"
STEP_HOURS, STEP_TARGET = 12, 2


def _new_inline_row(page: Page, prefix: str) -> Locator:
    """The inline formset's blank row (not a saved row, not the hidden template)."""
    return page.locator(f"#{prefix}-group tr.form-row:not(.has_original):not(.empty-form)").last


def _choose_skill(page: Page, row: Locator, skill: Skill) -> None:
    """Pick `skill` in the row's skill field: the select2 autocomplete, or a plain select."""
    select = row.locator('select[name$="-skill"]')
    # The class is in the server's HTML; select2 builds its widget from it once scripts run.
    if "admin-autocomplete" in (select.get_attribute("class") or ""):
        row.locator(".select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").fill(skill.name)
        page.get_by_role("option", name=skill.name, exact=True).click()
    else:
        select.select_option(label=skill.name)
    expect(select).to_have_value(str(skill.pk))


def _log_into_admin(page: Page, email: str) -> None:
    """The admin sends editors to the site's log-in, with its limits, and back."""
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    page.get_by_label(re.compile(r"^\s*Email")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # Staff have an authenticator app (tests.conftest): the code is the second step.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator('input[name="code"]').fill(code_with_time_to_type(SECRET))
    page.locator('form[action$="/2fa/authenticate/"] button[type="submit"]').first.click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def _add_requirement(page: Page, rung, skill: Skill) -> None:
    page.get_by_role("link", name="Rungs", exact=True).first.click()
    page.get_by_role("link", name=rung.title, exact=True).click()
    row = _new_inline_row(page, "requirements")
    _choose_skill(page, row, skill)
    row.locator('input[name$="-level"]').fill(str(NEW_LEVEL))
    row.locator('input[name$="-importance"]').fill(str(NEW_IMPORTANCE))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def _add_learning_step(page: Page, skill: Skill) -> None:
    page.get_by_role("link", name="Skills", exact=True).first.click()
    page.get_by_role("search").get_by_role("textbox", name="Search").fill(skill.name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=skill.name, exact=True).click()
    page.get_by_role("button", name=re.compile("Add another Learning step", re.I)).click()
    row = _new_inline_row(page, "learning_steps")
    row.locator('input[name$="-title"]').fill(STEP_TITLE)
    row.locator('select[name$="-kind"]').select_option(label="Practice")
    row.locator('input[name$="-hours"]').fill(str(STEP_HOURS))
    row.locator('input[name$="-target_level"]').fill(str(STEP_TARGET))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


def test_editor_adds_a_requirement_and_a_step_without_touching_past_reports(
    page: Page, new_context, framework, editor, user, sign_in, submitted
):
    rung = smallest_rung()
    skill = Skill.objects.exclude(requirements__rung=rung).order_by("name").first()
    earlier = submitted(owner=user, rung=rung, level_for=lambda requirement: requirement.level)
    skill_count = rung.requirements.count()

    _log_into_admin(page, editor.email)
    _add_requirement(page, rung, skill)
    _add_learning_step(page, skill)

    assert Requirement.objects.filter(
        rung=rung, skill=skill, level=NEW_LEVEL, importance=NEW_IMPORTANCE
    ).exists()
    assert LearningStep.objects.filter(
        skill=skill, title=STEP_TITLE, kind="practice", hours=STEP_HOURS, target_level=STEP_TARGET
    ).exists()
    assert page.goto("/admin/auth/user/").status == 403

    person = new_context().new_page()
    sign_in(user, person)
    person.goto(f"/roles/{rung.role.slug}/")
    step = person.get_by_text(STEP_TITLE)
    category = person.locator("details", has=step)
    if category.get_attribute("open") is None:
        category.locator("summary").click()
    expect(step).to_be_visible()

    person.goto("/assessments/new/")
    person.get_by_role("radio", name=re.compile(re.escape(rung.title))).check()
    person.get_by_role("button", name="Start assessment").click()
    expect(
        person.get_by_text(re.compile(rf"^\s*0 of {skill_count + 1} skills rated\s*$"))
    ).to_be_visible()
    draft_url = person.url.split("?")[0]
    new_skill = person.get_by_role("group", name=re.compile(re.escape(skill.name)))
    for number in range(1, person.locator(".step-list-item").count()):
        person.goto(f"{draft_url}?step={number}")
        if new_skill.count():
            break
    expect(new_skill).to_contain_text("3 Proficient")

    person.goto(f"/assessments/{earlier.public_id}/report/")
    expect(person.get_by_role("region", name="Summary")).to_contain_text("100% ready")
    gap_table = person.get_by_role("table", name=re.compile("Required and self-rated level"))
    expect(gap_table.locator("tbody").get_by_role("row")).to_have_count(skill_count)
    expect(gap_table).not_to_contain_text(skill.name)
