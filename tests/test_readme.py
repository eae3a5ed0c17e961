"""The README's promises about `make run`, checked against the Makefile and the app."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings

from careers.management.commands.seed_framework import ADMIN_USERNAME

README = (settings.BASE_DIR / "README.md").read_text()


def _dry_run(*args: str) -> str:
    return subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_on_port_8000_by_default():
    assert "runserver 127.0.0.1:8000" in _dry_run()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_on_the_port_given():
    assert "runserver 127.0.0.1:8001" in _dry_run("PORT=8001")


def test_the_readme_says_how_to_pick_another_port():
    assert "make run PORT=8001" in README


def test_the_readme_says_how_to_reset_the_local_admins_password():
    assert f"manage.py changepassword {ADMIN_USERNAME}" in README
