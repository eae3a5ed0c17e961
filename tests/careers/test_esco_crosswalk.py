"""fixtures/esco_crosswalk.csv: every line names a shipped skill and a real ESCO v1.1.1 skill;
the fixture carries it for fresh databases and the data migration applies it to older ones.

The ESCO zip lives outside the repository, at ../shared/data/esco/ beside it (or where
SKILLGAP_ESCO_DIR says); the test that reads it skips, saying why, where it is absent.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from careers.crosswalk import (
    CROSSWALK,
    ESCO_SKILL_URI,
    apply_crosswalk,
    read_crosswalk,
    remove_crosswalk,
)
from careers.models import Skill
from tests.factories import SkillFactory

ESCO_DIR = Path(
    os.environ.get("SKILLGAP_ESCO_DIR") or settings.BASE_DIR.parent / "shared" / "data" / "esco"
)
CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
FIXTURE = settings.BASE_DIR / "fixtures" / "careers.json"
PYTHON_URI = f"{ESCO_SKILL_URI}ccd0a1d9-afda-43d9-b901-96344886e14d"
R_URI = f"{ESCO_SKILL_URI}51586df8-1c46-4b47-8583-773cb63bf00b"

MATCHES = read_crosswalk()


def _shipped_skills() -> dict[str, dict]:
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {r["fields"]["name"]: r["fields"] for r in records if r["model"] == "careers.skill"}


def test_python_is_python_the_computer_programming_language():
    python = next(match for match in MATCHES if match.skill == "Python")

    assert (python.esco_label, python.concept_uri) == ("Python (computer programming)", PYTHON_URI)


def test_every_skill_named_is_a_shipped_skill_listed_once():
    names = [match.skill for match in MATCHES]

    assert len(names) == len(set(names)) == 50
    assert set(names) - set(_shipped_skills()) == set()


def test_no_two_skills_share_a_concept():
    uris = [match.concept_uri for match in MATCHES]

    assert len(set(uris)) == len(uris)


def test_the_fixture_carries_exactly_the_crosswalk():
    recorded = {
        name: fields["external_id"]
        for name, fields in _shipped_skills().items()
        if fields["external_id"]
    }

    assert recorded == {match.skill: match.concept_uri for match in MATCHES}
    assert {fields["source"] for fields in _shipped_skills().values()} == {""}


@pytest.mark.skipif(
    not CLASSIFICATION.exists(),
    reason=f"ESCO v1.1.1's classification zip is not in {ESCO_DIR} (set SKILLGAP_ESCO_DIR)",
)
def test_every_concept_is_a_released_esco_v1_1_1_skill_with_that_preferred_label():
    with zipfile.ZipFile(CLASSIFICATION) as zipped, zipped.open("skills_en.csv") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig"))
        esco = {row["conceptUri"]: (row["preferredLabel"], row["status"]) for row in rows}

    assert {m.concept_uri: esco.get(m.concept_uri) for m in MATCHES} == {
        m.concept_uri: (m.esco_label, "released") for m in MATCHES
    }


class TestReading:
    def _write(self, tmp_path, text: str) -> Path:
        path = tmp_path / "crosswalk.csv"
        path.write_text(text, encoding="utf-8")
        return path

    def test_it_reads_the_shipped_file(self):
        assert read_crosswalk(CROSSWALK) == MATCHES

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("name,label,uri\n", "the header must be"),
            (f"skill,esco_preferred_label,esco_concept_uri\nR,R,{R_URI}\nR,R,{R_URI}\n", "line 3"),
            ("skill,esco_preferred_label,esco_concept_uri\nR,R,http://x.org/r\n", "not an ESCO"),
            (f"skill,esco_preferred_label,esco_concept_uri\nR,,{R_URI}\n", "filled cells"),
        ],
    )
    def test_a_bad_file_is_refused_naming_the_problem(self, tmp_path, text, message):
        with pytest.raises(ValueError, match=message):
            read_crosswalk(self._write(tmp_path, text))


@pytest.mark.django_db
class TestApplyingToAnExistingDatabase:
    """What the data migration does on a database seeded before the crosswalk."""

    # Found by its name alone: its number may change when migrations are merged.
    (path,) = (settings.BASE_DIR / "careers" / "migrations").glob("*_skill_esco_crosswalk.py")
    migration = importlib.import_module(f"careers.migrations.{path.stem}")

    def test_the_migration_records_the_uris_on_the_shipped_skills(self):
        python, r = SkillFactory(name="Python"), SkillFactory(name="R")
        other = SkillFactory(name="Kubernetes")

        self.migration.apply(apps, None)

        assert Skill.objects.get(pk=python.pk).external_id == PYTHON_URI
        assert Skill.objects.get(pk=r.pk).external_id == R_URI
        assert Skill.objects.get(pk=other.pk).external_id == ""
        assert Skill.objects.get(pk=python.pk).source == ""

    def test_undoing_the_migration_clears_them(self):
        python = SkillFactory(name="Python")
        self.migration.apply(apps, None)

        self.migration.undo(apps, None)

        assert Skill.objects.get(pk=python.pk).external_id == ""

    def test_a_skill_an_editor_gave_an_external_id_or_a_source_is_left_alone(self):
        mine = SkillFactory(name="Python", external_id="https://example.org/python")
        imported = SkillFactory(name="R", source="esco", external_id=f"{ESCO_SKILL_URI}x")

        assert apply_crosswalk(Skill, MATCHES) == 0

        assert Skill.objects.get(pk=mine.pk).external_id == "https://example.org/python"
        assert Skill.objects.get(pk=imported.pk).external_id == f"{ESCO_SKILL_URI}x"

    def test_a_uri_another_hand_made_skill_records_is_not_given_twice(self):
        SkillFactory(name="Python 3", external_id=PYTHON_URI)
        python = SkillFactory(name="Python")

        apply_crosswalk(Skill, MATCHES)

        assert Skill.objects.get(pk=python.pk).external_id == ""

    def test_applying_twice_changes_nothing_the_second_time(self):
        SkillFactory(name="Python")

        assert apply_crosswalk(Skill, MATCHES) == 1
        assert apply_crosswalk(Skill, MATCHES) == 0

    def test_undoing_leaves_a_uri_that_is_not_the_crosswalks(self):
        mine = SkillFactory(name="Python", external_id=R_URI)

        assert remove_crosswalk(Skill, MATCHES) == 0

        assert Skill.objects.get(pk=mine.pk).external_id == R_URI
