"""The direction of the house (STYLE.md): imports run down, never up. What the apps above
`assessments` add to its pages, exports and a person's data comes through one registry
(assessments.sections), and a person's data download and deletion cover every app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from assessments import privacy, sections
from assessments.models import Assessment
from reviews.models import cascade_and_recount_reports

ROOT = Path(__file__).resolve().parent.parent
UPPER_APPS = ("reviews", "teams", "progress")
OUR_APPS = ("careers", "accounts", "assessments", "reviews", "teams", "progress")


def _imports(path: Path) -> list[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


@pytest.mark.parametrize("lower", ["careers", "accounts", "assessments"])
def test_no_lower_app_imports_an_app_above_it(lower):
    upward = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / lower).rglob("*.py"))
        for module in _imports(path)
        if module.split(".")[0] in UPPER_APPS
    ]

    assert upward == []


def _personal_models() -> list[str]:
    """Models of our apps that point at a person or at one of their assessments."""
    personal = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        targets = {
            field.related_model
            for field in model._meta.get_fields()
            if isinstance(field, models.ForeignKey | models.OneToOneField) and field.concrete
        }
        if targets & {apps.get_model(settings.AUTH_USER_MODEL), Assessment}:
            personal.append(model._meta.label)
    return sorted(personal)


def _covered() -> set[str]:
    covered = set(privacy.PERSONAL_MODELS)
    for section in sections.sections():
        covered |= set(section.personal_models)
    return covered


def test_every_model_holding_personal_data_is_covered_by_download_and_deletion():
    left_out = [label for label in _personal_models() if label not in _covered()]

    assert left_out == [], (
        "Add these to the owning app's section `personal_models` (with its `personal_data` "
        "for the download), or to assessments.privacy.PERSONAL_MODELS"
    )


def test_the_check_finds_the_models_of_every_upper_app():
    personal = _personal_models()

    for label in ("reviews.ReviewRequest", "teams.Membership", "progress.StepChange"):
        assert label in personal


def test_each_section_with_personal_models_adds_them_to_the_download():
    for section in sections.sections():
        if section.personal_models:
            assert section.personal_data is not None, section.name


# CASCADE, and the reviews' own: it cascades and also renews the reports the deleted
# reviewer's requests were on (tests/reviews/test_row_counts.py).
CASCADING = (models.CASCADE, cascade_and_recount_reports)


@pytest.mark.parametrize("label", _personal_models())
def test_deleting_a_person_reaches_every_personal_model_by_cascade(label):
    """A person's rows go with them: each link to the person or their assessment cascades."""
    model = apps.get_model(label)
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    links = [
        field
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.concrete
        and field.related_model in (user_model, Assessment)
    ]

    assert all(field.remote_field.on_delete in CASCADING for field in links), label


def test_every_section_is_registered_by_its_app():
    names = {section.name for section in sections.sections()}

    assert {
        "second_opinions",
        "review_requests",
        "share_links",
        "reviews_given",
        "teams",
        "progress",
    } <= names


def _owned_assessment_lookups(path: Path) -> list[str]:
    """Where `path` fetches an assessment by its public id for its owner."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_object_or_404":
            keywords = {keyword.arg for keyword in node.keywords}
            if {"public_id", "owner"} <= keywords:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_an_assessment_is_fetched_for_its_owner_by_one_helper_only():
    lookups = [
        place
        for app in OUR_APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for place in _owned_assessment_lookups(path)
    ]

    assert len(lookups) == 1, lookups
    assert lookups[0].startswith("assessments/views.py:")
