"""The ESCO reader: plain data from small zips with the official headers; no database."""

from __future__ import annotations

import zipfile

import pytest

from careers.importers import esco
from tests.careers.esco_zips import (
    BIG_DATA,
    DATA_ANALYST,
    DATA_MINING,
    DATA_SCIENTIST,
    INFORMATION_SKILLS,
    OCCUPATIONS_HEADER,
    broader,
    occupation,
    relation,
    write_esco_zips,
    write_zip,
)


def _load(tmp_path, **edits) -> esco.Classification:
    classification, relations = write_esco_zips(tmp_path, **edits)
    return esco.load_classification(classification, relations)


def _refusal(tmp_path, **edits) -> str:
    with pytest.raises(esco.EscoError) as raised:
        _load(tmp_path, **edits)
    return str(raised.value)


class TestLoading:
    def test_it_indexes_occupations_skills_groups_and_relations(self, tmp_path):
        loaded = _load(tmp_path)

        assert (len(loaded.occupations), len(loaded.skill_rows)) == (3, 6)
        assert loaded.category_labels == [
            "information skills",
            "management skills",
            "information and communication technologies (icts)",
        ]
        assert loaded.relation_count == 8

    def test_version_comes_from_escos_file_name(self, tmp_path):
        assert _load(tmp_path).version == "1.1.1"

    def test_version_is_read_from_names_like_escos_own(self):
        assert esco.version_from_filename("/x/esco-v1.2.0-classification-en-csv.zip") == "1.2.0"
        assert esco.version_from_filename("classification.zip") == ""

    def test_columns_are_found_by_name_in_any_order(self, tmp_path):
        def reorder(members):
            header, rows = members["occupations_en.csv"]
            members["occupations_en.csv"] = (list(reversed(header)), rows)

        loaded = _load(tmp_path, edit_classification=reorder)

        assert loaded.find_occupation("2511.4").label == "data scientist"

    def test_alternative_labels_are_one_per_line(self, tmp_path):
        found = _load(tmp_path).find_occupation("data scientist")

        assert found.alternative_labels == ("data research scientist", "research data scientist")

    def test_progress_is_reported(self, tmp_path):
        classification, relations = write_esco_zips(tmp_path)
        said: list[str] = []

        esco.load_classification(classification, relations, progress=said.append)

        assert "  3 occupations, 6 skills, 3 groups" in said
        assert "  8 occupation-skill relations" in said


class TestFindingOccupations:
    def test_an_occupation_is_found_by_code(self, tmp_path):
        assert _load(tmp_path).find_occupation("2511.3").uri == DATA_ANALYST

    def test_an_occupation_is_found_by_concept_uri(self, tmp_path):
        assert _load(tmp_path).find_occupation(DATA_SCIENTIST).code == "2511.4"

    def test_an_occupation_is_found_by_its_label_whatever_the_case(self, tmp_path):
        assert _load(tmp_path).find_occupation("  Data Scientist ").uri == DATA_SCIENTIST

    def test_an_unknown_occupation_is_refused_with_labels_that_contain_it(self, tmp_path):
        with pytest.raises(esco.EscoError) as raised:
            _load(tmp_path).find_occupation("data")

        assert str(raised.value) == (
            "No ESCO occupation has the code, concept URI or preferred label 'data'. "
            "Labels containing it: data analyst (2511.3), data scientist (2511.4)."
        )

    def test_an_ambiguous_label_is_refused_listing_the_candidates(self, tmp_path):
        def add_namesake(members):
            members["occupations_en.csv"][1].append(
                occupation(DATA_SCIENTIST + "-2", "2120.9", "Data Scientist", "Statistics.")
            )

        with pytest.raises(esco.EscoError) as raised:
            _load(tmp_path, edit_classification=add_namesake).find_occupation("data scientist")

        assert str(raised.value) == esco.AMBIGUOUS_OCCUPATION.format(
            ref="data scientist",
            candidates="Data Scientist (2120.9), data scientist (2511.4)",
        )

    def test_a_group_holds_the_occupations_whose_isco_code_starts_with_it(self, tmp_path):
        found = _load(tmp_path).occupations_in_group("25")

        assert [o.code for o in found] == ["2511.3", "2511.4"]

    def test_an_empty_group_is_refused(self, tmp_path):
        with pytest.raises(esco.EscoError, match="No ESCO occupation is in ISCO group '99'"):
            _load(tmp_path).occupations_in_group("99")

    def test_search_puts_exact_then_leading_then_inner_then_alternative_matches(self, tmp_path):
        occupations = list(_load(tmp_path).occupations.values())

        found = esco.search_occupations(occupations, "data")
        by_alternative = esco.search_occupations(occupations, "head of technical")

        assert [o.label for o in found] == ["data analyst", "data scientist"]
        assert [o.label for o in by_alternative] == ["technical director"]

    def test_only_the_occupations_file_is_needed_to_search(self, tmp_path):
        classification, _ = write_esco_zips(tmp_path)

        found = esco.load_occupations(classification)

        assert sorted(o.code for o in found) == ["2511.3", "2511.4", "2654.1.7"]


class TestRelations:
    def test_skills_come_essential_first_then_by_label_with_their_group(self, tmp_path):
        loaded = _load(tmp_path)

        relations = loaded.relations_of(loaded.find_occupation("data scientist"))

        assert [(r.skill.label, r.essential, r.skill.category) for r in relations] == [
            ("apply for research funding", True, "information skills"),
            ("collect ICT data", True, "information skills"),
            ("data mining", True, "information and communication technologies (icts)"),
            ("data models", False, "information and communication technologies (icts)"),
        ]

    def test_a_skill_reaching_two_groups_takes_the_nearer(self, tmp_path):
        def shortcut(members):
            members["broaderRelationsSkillPillar.csv"][1].append(
                broader(DATA_MINING, INFORMATION_SKILLS)
            )

        loaded = _load(tmp_path, edit_relations=shortcut)

        skill = loaded.skill(DATA_MINING, loaded.find_occupation("data scientist"))
        assert skill.category == "information skills"

    def test_a_skill_listed_both_ways_counts_once_as_essential(self, tmp_path):
        def twice(members):
            members["occupationSkillRelations.csv"][1].append(
                relation(DATA_ANALYST, "essential", DATA_MINING)
            )

        loaded = _load(tmp_path, edit_relations=twice)

        relations = loaded.relations_of(loaded.find_occupation("data analyst"))
        assert [(r.skill.uri, r.essential) for r in relations if r.skill.uri == DATA_MINING] == [
            (DATA_MINING, True)
        ]

    def test_a_relation_to_a_skill_missing_from_the_classification_is_refused(self, tmp_path):
        def drop_big_data(members):
            header, rows = members["skills_en.csv"]
            members["skills_en.csv"] = (header, [r for r in rows if r["conceptUri"] != BIG_DATA])

        loaded = _load(tmp_path, edit_classification=drop_big_data)

        with pytest.raises(esco.EscoError) as raised:
            loaded.relations_of(loaded.find_occupation("data analyst"))
        assert str(raised.value) == esco.UNKNOWN_SKILL.format(
            occupation="data analyst", uri=BIG_DATA, member="skills_en.csv"
        )

    def test_a_skill_outside_the_hierarchy_is_refused(self, tmp_path):
        def orphan(members):
            header, rows = members["broaderRelationsSkillPillar.csv"]
            kept = [r for r in rows if r["conceptUri"] != BIG_DATA]
            members["broaderRelationsSkillPillar.csv"] = (header, kept)

        loaded = _load(tmp_path, edit_relations=orphan)

        with pytest.raises(esco.EscoError, match=r"'analyse big data'.* reaches no level-1 group"):
            loaded.relations_of(loaded.find_occupation("data analyst"))


class TestBadFiles:
    def test_a_file_that_is_not_a_zip_is_refused(self, tmp_path):
        _, relations = write_esco_zips(tmp_path)
        text = tmp_path / "classification.csv"
        text.write_text("conceptType,conceptUri\n")

        with pytest.raises(esco.EscoError, match=r"^classification.csv is not a zip file\.$"):
            esco.load_classification(text, relations)

    def test_a_missing_csv_is_named(self, tmp_path):
        message = _refusal(tmp_path, edit_classification=lambda m: m.pop("skills_en.csv"))

        assert message == (
            "esco-v1.1.1-classification-en-csv.zip has no skills_en.csv: "
            "is it ESCO's classification zip?"
        )

    def test_unexpected_headers_name_the_missing_columns(self, tmp_path):
        def rename(members):
            header, _ = members["skillsHierarchy_en.csv"]
            header = [name.replace(" ", "_") for name in header]
            members["skillsHierarchy_en.csv"] = (header, [])

        message = _refusal(tmp_path, edit_classification=rename)

        assert message.startswith(
            "skillsHierarchy_en.csv in esco-v1.1.1-classification-en-csv.zip lacks the "
            "column(s) Level 1 URI, Level 1 preferred term; its header is: Level_0_URI,"
        )

    def test_an_unknown_relation_type_is_refused_with_its_line(self, tmp_path):
        def odd(members):
            members["occupationSkillRelations.csv"][1][2]["relationType"] = "nice to have"

        message = _refusal(tmp_path, edit_relations=odd)

        assert "line 4: relation type 'nice to have' is neither essential nor optional" in message

    def test_a_zip_declaring_more_than_the_limit_is_refused_as_a_zip_bomb(self, tmp_path):
        classification, relations = write_esco_zips(tmp_path)

        with pytest.raises(esco.EscoError) as raised:
            esco.load_classification(classification, relations, max_unpacked_bytes=1000)

        assert str(raised.value) == esco.ZIP_BOMB.format(
            name="esco-v1.1.1-classification-en-csv.zip", limit=0
        )

    def test_a_highly_compressed_member_is_refused_as_a_zip_bomb(self, tmp_path):
        _, relations = write_esco_zips(tmp_path)
        bomb = write_zip(
            tmp_path / "bomb.zip",
            {
                "occupations_en.csv": ",".join(OCCUPATIONS_HEADER) + "\n" + "0" * 3_000_000,
                "skills_en.csv": "",
                "skillsHierarchy_en.csv": "",
            },
        )
        assert bomb.stat().st_size < 10_000

        with pytest.raises(esco.EscoError, match=r"^bomb.zip unpacks to more than 2 MB"):
            esco.load_classification(bomb, relations, max_unpacked_bytes=2 * esco.MEGABYTE)

    def test_a_member_larger_than_it_declares_is_refused_as_damaged(self, tmp_path):
        _, relations = write_esco_zips(tmp_path)
        liar = tmp_path / "liar.zip"
        write_zip(
            liar,
            {
                "occupations_en.csv": ",".join(OCCUPATIONS_HEADER) + "\n" + "0" * 3_000_000,
                "skills_en.csv": "",
                "skillsHierarchy_en.csv": "",
            },
        )
        _declare_tiny_sizes(liar)

        with pytest.raises(esco.EscoError, match=r"^liar.zip is damaged: Bad CRC-32"):
            esco.load_classification(liar, relations, max_unpacked_bytes=2 * esco.MEGABYTE)


def _declare_tiny_sizes(path) -> None:
    """Rewrite the zip's headers to claim 10 bytes per member, as a crafted bomb would."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zipped:
        infos = zipped.infolist()
    for info in infos:
        # Local header: uncompressed size at offset 22; central directory: at offset 24.
        data[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02", 0)
    while central != -1:
        data[central + 24 : central + 28] = (10).to_bytes(4, "little")
        central = data.rfind(b"PK\x01\x02", 0, central)
    path.write_bytes(bytes(data))


class TestUnreadableCsv:
    def test_a_csv_that_is_not_utf8_is_refused(self, tmp_path):
        _, relations = write_esco_zips(tmp_path)
        latin = write_zip(
            tmp_path / "latin.zip",
            {
                "occupations_en.csv": ",".join(OCCUPATIONS_HEADER).encode() + b"\n\xe9t\xe9\n",
                "skills_en.csv": "",
                "skillsHierarchy_en.csv": "",
            },
        )

        with pytest.raises(esco.EscoError, match=r"^occupations_en.csv in latin.zip is not UTF-8"):
            esco.load_classification(latin, relations)

    def test_a_field_too_large_for_csv_is_refused(self, tmp_path):
        _, relations = write_esco_zips(tmp_path)
        huge = write_zip(
            tmp_path / "huge.zip",
            {
                "occupations_en.csv": ",".join(OCCUPATIONS_HEADER) + '\n"' + "x" * 200_000 + '"\n',
                "skills_en.csv": "",
                "skillsHierarchy_en.csv": "",
            },
        )

        with pytest.raises(
            esco.EscoError, match=r"^occupations_en.csv in huge.zip is not readable"
        ):
            esco.load_classification(huge, relations)
