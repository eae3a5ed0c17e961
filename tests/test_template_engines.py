"""Which templates are Jinja2: exactly those in an app's `jinja2/` folder (skillgap/jinja2.py).

Each hot page renders its body in Jinja2 and its frame (`base.html`) in Django's language; the
tests of each page (test_views_rate, test_views_dashboard, reviews' test_views_review) check
that the page does so, through the `templates_rendered` fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, engines

from assessments.jinja_parts import ENGINE


def _names_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))


def _project_app_folders() -> list[Path]:
    """The project's own apps: folders at the top of the checkout, never site-packages
    (which CI installs into `.venv` inside the checkout, beside the apps)."""
    return [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == Path(settings.BASE_DIR).resolve()
    ]


def _jinja2_templates() -> list[str]:
    return [name for app in _project_app_folders() for name in _names_under(app / "jinja2")]


def _django_templates() -> list[str]:
    folders = [Path(settings.BASE_DIR) / "templates"]
    folders += [app / "templates" for app in _project_app_folders()]
    return [name for folder in folders for name in _names_under(folder)]


def test_the_project_has_jinja2_templates_to_check():
    assert "assessments/rating_step.html" in _jinja2_templates()


@pytest.mark.parametrize("name", _jinja2_templates())
def test_a_template_in_a_jinja2_folder_compiles_in_jinja2_and_is_unknown_to_django(name):
    engines[ENGINE].get_template(name)

    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template(name)


def test_no_template_name_is_in_both_languages():
    assert set(_jinja2_templates()).isdisjoint(_django_templates())


def test_no_django_template_is_written_in_jinja2():
    # Jinja2's own tags and globals would fail or print as text under Django's engine.
    folder = settings.BASE_DIR / "templates"
    jinja2_only = re.compile(r"\{\{ (url\(|csrf_input)|\{% (set|macro|from) ")
    written = [
        name for name in _names_under(folder) if jinja2_only.search((folder / name).read_text())
    ]

    assert written == []
