"""A framework editor imports an ESCO occupation in the admin and opens its public ladder."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from careers.models import Requirement, Role
from tests.careers.esco_zips import write_esco_zips

pytestmark = pytest.mark.e2e


@pytest.fixture
def esco_zips(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    folder = tmp_path / "zips"
    folder.mkdir()
    return write_esco_zips(folder)


def test_editor_uploads_searches_previews_imports_and_opens_the_ladder(
    page: Page, framework, editor, sign_in, esco_zips
):
    classification, relations = esco_zips
    sign_in(editor)

    page.goto("/admin/careers/role/")
    page.get_by_role("link", name="Import from ESCO").click()
    page.get_by_label("Classification zip").set_input_files(classification)
    page.get_by_label("Relations zip").set_input_files(relations)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messagelist")).to_contain_text("3 occupations, 6 skills, 8 relations")

    page.get_by_role("search").get_by_role("textbox").fill("data scientist")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("checkbox", name="data scientist", exact=True).check()
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name=re.compile("Preview: nothing"))
    expect(preview).to_contain_text("Requirements: 4 created, 0 updated, 0 removed.")
    expect(preview).to_contain_text("data scientist: 0 of 4 skills matched the crosswalk")
    assert not Role.objects.filter(source="esco").exists()

    page.get_by_role("button", name="Import").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Imported from ESCO: data scientist (0 of 4 skills matched the crosswalk; edit"
    )
    assert Requirement.objects.filter(rung__role__name="data scientist").count() == 4

    page.locator(".messagelist").get_by_role("link", name="data scientist", exact=True).click()
    expect(page).to_have_url(re.compile(r"/roles/data-scientist/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Data scientist ESCO")
    expect(page.get_by_text("ESCO classification v1.1.1, © European Union")).to_be_visible()
    expect(page.get_by_text("4 skills required")).to_be_visible()
