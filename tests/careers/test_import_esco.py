"""manage.py import_esco: options, progress and summary, and every bad input writing nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from careers.importers import esco
from careers.management.commands.import_esco import NOTHING_CHOSEN
from careers.models import Requirement, Role, Skill, SkillCategory
from careers.services import LEVEL_OUT_OF_RANGE
from tests.careers.esco_zips import BIG_DATA, DATA_MODELS, occupation, write_esco_zips
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def _run(classification, relations, *args) -> str:
    out = StringIO()
    call_command(
        "import_esco",
        "--classification",
        str(classification),
        "--relations",
        str(relations),
        *args,
        stdout=out,
    )
    return out.getvalue()


def _refusal(classification, relations, *args) -> str:
    with pytest.raises(CommandError) as raised:
        _run(classification, relations, *args)
    assert not Role.objects.exists()
    assert not Skill.objects.exists()
    assert not SkillCategory.objects.exists()
    return str(raised.value)


@pytest.fixture
def zips(tmp_path):
    return write_esco_zips(tmp_path)


def test_it_imports_an_occupation_by_code(zips):
    _run(*zips, "--occupation", "2511.4")

    assert Role.objects.get().name == "data scientist"
    assert Requirement.objects.count() == 4


def test_it_prints_progress_and_a_summary(zips):
    out = _run(*zips, "--occupation", "data scientist", "--occupation", "data analyst")

    assert "Reading the classification zip" in out
    assert "  8 occupation-skill relations" in out
    assert "Importing 2 occupation(s)" in out
    assert "  Roles: 2 created, 0 updated." in out
    assert "  Skills: 5 created, 0 updated." in out
    assert "  Requirements: 7 created, 0 updated, 0 removed." in out


def test_it_says_how_many_of_each_occupations_skills_matched_the_crosswalk(zips):
    SkillFactory(name="Data Modeling", external_id=DATA_MODELS)

    out = _run(*zips, "--occupation", "data scientist", "--occupation", "data analyst")

    assert "4 requirements (+4 -0 ~0); 1 of 4 skills matched the crosswalk\n" in out
    assert "    reuses Data Modeling\n" in out
    assert "3 requirements (+3 -0 ~0); 0 of 3 skills matched the crosswalk\n" in out


def test_a_second_run_reports_nothing_changed(zips):
    _run(*zips, "--occupation", "2511.4")

    out = _run(*zips, "--occupation", "2511.4")

    assert "  Requirements: 0 created, 0 updated, 0 removed." in out
    assert "existing role 'data scientist', 4 requirements (+0 -0 ~0)" in out


def test_it_imports_every_occupation_of_an_isco_group(zips):
    _run(*zips, "--all-in-isco-group", "2511")

    assert sorted(Role.objects.values_list("name", flat=True)) == ["data analyst", "data scientist"]


def test_the_level_option_sets_the_required_level(zips):
    _run(*zips, "--occupation", "2511.4", "--level", "2")

    assert set(Requirement.objects.values_list("level", flat=True)) == {2}


def test_reset_restores_the_rules_level_and_importance(zips):
    _run(*zips, "--occupation", "2511.4")
    Requirement.objects.update(level=1, importance=1)

    _run(*zips, "--occupation", "2511.4", "--reset")

    assert set(Requirement.objects.values_list("importance", flat=True)) == {4, 2}


def test_a_dry_run_prints_what_would_happen_and_writes_nothing(zips):
    out = _run(*zips, "--occupation", "2511.4", "--dry-run")

    assert "Dry run, nothing written. It would do:" in out
    assert "  Roles: 1 created, 0 updated." in out
    assert not Role.objects.exists()


def test_the_source_version_can_be_given(zips):
    _run(*zips, "--occupation", "2511.4", "--source-version", "1.1.2")

    assert Role.objects.get().source_version == "1.1.2"


def test_it_needs_an_occupation_or_a_group(zips):
    assert _refusal(*zips) == NOTHING_CHOSEN


class TestBadInput:
    def test_a_file_that_is_not_a_zip(self, zips, tmp_path):
        text = tmp_path / "occupations.csv"
        text.write_text("conceptUri,preferredLabel\n")

        message = _refusal(text, zips[1], "--occupation", "2511.4")

        assert message == "occupations.csv is not a zip file."

    def test_a_zip_bomb(self, zips, settings):
        settings.ESCO_MAX_UNPACKED_BYTES = 100

        message = _refusal(*zips, "--occupation", "2511.4")

        assert message.startswith(
            "esco-v1.1.1-classification-en-csv.zip unpacks to more than 0 MB: refused as a "
            "possible zip bomb."
        )

    def test_a_missing_csv(self, tmp_path):
        zips = write_esco_zips(
            tmp_path, edit_relations=lambda m: m.pop("broaderRelationsSkillPillar.csv")
        )

        message = _refusal(*zips, "--occupation", "2511.4")

        assert message == (
            "esco-v1.1.1-relations-csv.zip has no broaderRelationsSkillPillar.csv: "
            "is it ESCO's relations zip?"
        )

    def test_unexpected_headers(self, tmp_path):
        def rename(members):
            header, rows = members["occupationSkillRelations.csv"]
            members["occupationSkillRelations.csv"] = (
                [name.replace("skillUri", "skillURI") for name in header],
                rows,
            )

        message = _refusal(*write_esco_zips(tmp_path, edit_relations=rename), "--occupation", "x")

        assert message == (
            "occupationSkillRelations.csv in esco-v1.1.1-relations-csv.zip lacks the column(s) "
            "skillUri; its header is: occupationUri, relationType, skillType, skillURI."
        )

    def test_an_unknown_occupation(self, zips):
        message = _refusal(*zips, "--occupation", "2511.4", "--occupation", "astronaut")

        assert message == esco.UNKNOWN_OCCUPATION.format(ref="astronaut")

    def test_an_ambiguous_label_lists_the_candidates(self, tmp_path):
        def add_namesake(members):
            members["occupations_en.csv"][1].append(
                occupation("http://data.europa.eu/esco/occupation/x", "2120.9", "Data Analyst", "")
            )

        zips = write_esco_zips(tmp_path, edit_classification=add_namesake)

        message = _refusal(*zips, "--occupation", "data analyst")

        assert "Data Analyst (2120.9), data analyst (2511.3)" in message

    @pytest.mark.parametrize("level", ["0", "6"])
    def test_a_level_outside_1_to_5(self, zips, level):
        message = _refusal(*zips, "--occupation", "2511.4", "--level", level)

        assert message == LEVEL_OUT_OF_RANGE.format(level=int(level))

    def test_a_relation_to_a_skill_missing_from_the_classification(self, tmp_path):
        def drop_big_data(members):
            header, rows = members["skills_en.csv"]
            members["skills_en.csv"] = (header, [r for r in rows if r["conceptUri"] != BIG_DATA])

        zips = write_esco_zips(tmp_path, edit_classification=drop_big_data)

        message = _refusal(*zips, "--occupation", "2511.4", "--occupation", "2511.3")

        assert f"skill {BIG_DATA}, which the classification's skills_en.csv does not" in message

    def test_an_unknown_isco_group(self, zips):
        assert _refusal(*zips, "--all-in-isco-group", "99") == esco.UNKNOWN_GROUP.format(group="99")
