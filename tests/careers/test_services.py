"""Importing ESCO occupations into the framework: mapping, re-import, dry run, queries."""

from __future__ import annotations

import pytest

from assessments.models import SubmittedRequirement
from assessments.services import start_assessment, submit_assessment
from careers.cache import framework_version
from careers.importers import esco
from careers.models import Requirement, Role, Rung, Skill, SkillCategory
from careers.services import (
    LEVEL_OUT_OF_RANGE,
    ImportRefusedError,
    import_occupations,
)
from tests.careers.esco_zips import (
    BIG_DATA,
    DATA_MINING,
    DATA_MODELS,
    DATA_SCIENTIST,
    RESEARCH_FUNDING,
    relation,
    write_esco_zips,
)
from tests.factories import (
    LearningStepFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillFactory,
    SkillLevelFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def load(tmp_path):
    """`load(**edits)`: the small ESCO files, edited if asked, read into a Classification."""

    def _load(**edits) -> esco.Classification:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        return esco.load_classification(*write_esco_zips(folder, **edits))

    return _load


def _import(classification, *refs, **options):
    occupations = [classification.find_occupation(ref) for ref in refs]
    return import_occupations(classification=classification, occupations=occupations, **options)


def _requirements(label: str) -> dict[str, tuple[int, int]]:
    return {
        r.skill.name: (r.level, r.importance)
        for r in Requirement.objects.filter(rung__role__name=label).select_related("skill")
    }


def _drop_relation(skill_uri: str):
    def edit(members):
        header, rows = members["occupationSkillRelations.csv"]
        kept = [
            r for r in rows if (r["occupationUri"], r["skillUri"]) != (DATA_SCIENTIST, skill_uri)
        ]
        members["occupationSkillRelations.csv"] = (header, kept)

    return edit


class TestMapping:
    def test_an_occupation_becomes_a_role_with_one_rung_of_the_same_title(self, load):
        _import(load(), "data scientist")

        role = Role.objects.get()
        assert (role.name, role.overview) == (
            "data scientist",
            "Data scientists find and interpret rich data sources.",
        )
        assert list(role.rungs.values_list("title", "order")) == [("data scientist", 1)]

    def test_essential_skills_get_importance_4_and_optional_ones_2_at_level_3(self, load):
        _import(load(), "data scientist")

        assert _requirements("data scientist") == {
            "apply for research funding": (3, 4),
            "collect ICT data": (3, 4),
            "data mining": (3, 4),
            "data models": (3, 2),
        }

    def test_the_level_option_sets_every_required_level(self, load):
        _import(load(), "data scientist", level=5)

        assert set(Requirement.objects.values_list("level", flat=True)) == {5}

    @pytest.mark.parametrize("level", [0, 6, True])
    def test_a_level_outside_1_to_5_is_refused(self, load, level):
        with pytest.raises(ImportRefusedError) as raised:
            _import(load(), "data scientist", level=level)

        assert str(raised.value) == LEVEL_OUT_OF_RANGE.format(level=level)
        assert not Role.objects.exists()

    def test_role_and_skill_record_their_esco_provenance(self, load):
        _import(load(), "data scientist")

        role = Role.objects.get()
        skill = Skill.objects.get(name="data mining")
        assert (role.source, role.external_id, role.source_version) == (
            "esco",
            DATA_SCIENTIST,
            "1.1.1",
        )
        assert (skill.source, skill.external_id, skill.source_version) == (
            "esco",
            DATA_MINING,
            "1.1.1",
        )
        assert role.source_credit == "ESCO classification v1.1.1, © European Union"

    def test_a_role_keeps_the_occupations_alternative_labels_and_isco_group(self, load):
        _import(load(), "data scientist")

        role = Role.objects.get()
        assert role.alternative_label_list == ["data research scientist", "research data scientist"]
        assert (role.isco_group, role.isco_major_group) == ("2511", "2")

    def test_stray_spaces_around_an_occupations_label_are_dropped(self, load):
        def pad(members):
            members["occupations_en.csv"][1][0]["preferredLabel"] = " data scientist "

        _import(load(edit_classification=pad), "2511.4")

        role = Role.objects.get()
        assert (role.name, role.rungs.get().title) == ("data scientist", "data scientist")

    def test_a_skill_keeps_its_description_and_alternative_labels(self, load):
        _import(load(), "data scientist")

        skill = Skill.objects.get(name="data mining")
        assert (skill.description, skill.alternative_labels) == (
            "The methods used to extract content.",
            "mining",
        )

    def test_a_skills_category_is_its_level_1_group(self, load):
        _import(load(), "data scientist")

        categories = dict(Skill.objects.values_list("name", "category__name"))
        assert categories["data mining"] == "information and communication technologies (icts)"
        assert categories["collect ICT data"] == "information skills"

    def test_skills_shared_by_two_occupations_exist_once(self, load):
        _import(load(), "data scientist", "data analyst")

        assert Skill.objects.count() == 5
        assert Skill.objects.get(name="data mining").requirements.count() == 2

    def test_skills_imported_separately_are_matched_by_concept_uri(self, load):
        classification = load()

        _import(classification, "data scientist")
        _import(classification, "data analyst")

        assert Skill.objects.filter(external_id=DATA_MINING).count() == 1

    def test_a_non_esco_skill_of_the_same_name_keeps_it_and_escos_is_marked(self, load):
        mine = SkillFactory(name="data mining", slug="data-mining")

        _import(load(), "data scientist")

        esco_skill = Skill.objects.get(external_id=DATA_MINING)
        assert esco_skill.name == "data mining (ESCO)"
        assert esco_skill.slug != mine.slug
        assert Skill.objects.get(pk=mine.pk).name == "data mining"

    def test_a_role_and_rung_named_like_the_occupation_keep_their_names(self, load):
        RoleFactory(name="data scientist", slug="data-scientist")
        RungFactory(title="data scientist", slug="data-scientist")

        _import(load(), "data scientist")

        role = Role.objects.get(source="esco")
        assert (role.name, role.rungs.get().title) == (
            "data scientist (ESCO)",
            "data scientist (ESCO)",
        )
        assert role.slug != "data-scientist"

    def test_an_existing_category_of_the_same_name_is_reused(self, load):
        category = SkillCategory.objects.create(name="information skills", slug="info")

        _import(load(), "data scientist")

        assert Skill.objects.get(name="collect ICT data").category == category

    def test_the_framework_version_is_bumped(self, load, django_capture_on_commit_callbacks):
        before = framework_version()

        with django_capture_on_commit_callbacks(execute=True):
            _import(load(), "data scientist")

        assert framework_version() != before


class TestCrosswalk:
    """A shipped skill that records an ESCO concept URI stands for that concept (§13, §15)."""

    @pytest.fixture
    def modelling(self):
        skill = SkillFactory(
            name="Data Modeling", external_id=DATA_MODELS, description="Designing schemas."
        )
        LearningStepFactory(skill=skill, title="Model a shop's orders", target_level=3)
        SkillLevelFactory(skill=skill, level=3, description="Designs a star schema alone.")
        return skill

    def test_the_shipped_skill_is_reused_with_its_steps_and_level_descriptions(
        self, load, modelling
    ):
        _import(load(), "data scientist")

        requirement = Requirement.objects.get(rung__title="data scientist", skill=modelling)
        assert (requirement.level, requirement.importance) == (3, 2)
        assert not Skill.objects.filter(source="esco", external_id=DATA_MODELS).exists()
        assert list(modelling.learning_steps.values_list("title", flat=True)) == [
            "Model a shop's orders"
        ]
        assert modelling.levels.count() == 1

    def test_the_shipped_skill_is_never_renamed_or_redescribed(self, load, modelling):
        classification = load()

        _import(classification, "data scientist")
        _import(classification, "data scientist", "data analyst")

        skill = Skill.objects.get(pk=modelling.pk)
        assert (skill.name, skill.description, skill.alternative_labels) == (
            "Data Modeling",
            "Designing schemas.",
            "",
        )
        assert (skill.source, skill.source_version, skill.slug) == ("", "", modelling.slug)

    def test_it_matches_on_the_concept_uri_alone_not_the_name(self, load):
        SkillFactory(name="data models")  # the ESCO label, but no URI: not the same skill

        _import(load(), "data scientist")

        assert Skill.objects.get(external_id=DATA_MODELS).name == "data models (ESCO)"

    def test_a_re_import_moves_a_rung_from_an_imported_copy_to_the_shipped_skill(self, load):
        classification = load()
        _import(classification, "data scientist")
        copy = Skill.objects.get(source="esco", external_id=DATA_MODELS)
        shipped = SkillFactory(name="Data Modeling", external_id=DATA_MODELS)

        _import(classification, "data scientist")

        skills = set(Requirement.objects.values_list("skill__name", flat=True))
        assert "Data Modeling" in skills
        assert copy.name not in skills
        assert Skill.objects.get(pk=copy.pk).name == "data models"  # left as it was
        assert Requirement.objects.get(skill=shipped).importance == 2

    def test_each_occupation_says_how_many_of_its_skills_matched(self, load, modelling):
        summary = _import(load(), "data scientist", "data analyst", dry_run=True)

        scientist, analyst = summary.occupations
        assert scientist.crosswalked == ["Data Modeling"]
        assert scientist.crosswalk_matches == "1 of 4 skills matched the crosswalk"
        assert (analyst.crosswalked, analyst.crosswalk_matches) == (
            [],
            "0 of 3 skills matched the crosswalk",
        )
        assert summary.skills.created == 4  # data models is not among them


class TestReimport:
    def test_importing_the_same_occupation_again_changes_nothing(self, load):
        classification = load()
        _import(classification, "data scientist", "data analyst")
        before = list(Requirement.objects.values_list("pk", "rung_id", "skill_id", "level"))

        summary = _import(classification, "data scientist", "data analyst")

        assert not summary.changed_anything
        assert (Role.objects.count(), Rung.objects.count(), Skill.objects.count()) == (2, 2, 5)
        assert list(Requirement.objects.values_list("pk", "rung_id", "skill_id", "level")) == before

    def test_names_and_descriptions_are_updated(self, load):
        _import(load(), "data scientist")

        def rename(members):
            occupations = members["occupations_en.csv"][1]
            occupations[0] |= {"preferredLabel": "data science expert", "description": "New."}
            skills = members["skills_en.csv"][1]
            skills[1] |= {"preferredLabel": "data mining methods", "description": "Newer."}

        summary = _import(load(edit_classification=rename), "2511.4")

        role = Role.objects.get()
        assert (role.name, role.overview, role.rungs.get().title) == (
            "data science expert",
            "New.",
            "data science expert",
        )
        mining = Skill.objects.get(external_id=DATA_MINING)
        assert (mining.name, mining.description) == ("data mining methods", "Newer.")
        assert (summary.roles.updated, summary.skills.updated) == (1, 1)

    def test_a_reimport_fills_in_labels_and_group_of_a_role_imported_before_it_had_them(self, load):
        classification = load()
        _import(classification, "data scientist")
        # As a role imported before roles had alternative labels and an ISCO group.
        Role.objects.update(alternative_labels="", isco_group="")

        summary = _import(classification, "data scientist")

        role = Role.objects.get()
        assert role.alternative_label_list == ["data research scientist", "research data scientist"]
        assert role.isco_group == "2511"
        assert summary.roles.updated == 1
        assert summary.occupations[0].updated_fields == ["alternative_labels", "isco_group"]

    def test_a_relation_esco_dropped_is_removed_and_a_new_one_added(self, load):
        _import(load(), "data scientist")

        def add_big_data(members):
            members["occupationSkillRelations.csv"][1].append(
                relation(DATA_SCIENTIST, "optional", BIG_DATA)
            )

        summary = _import(
            load(edit_relations=lambda m: (_drop_relation(DATA_MODELS)(m), add_big_data(m))),
            "data scientist",
        )

        names = set(_requirements("data scientist"))
        assert "data models" not in names
        assert "analyse big data" in names
        assert (summary.requirements.created, summary.requirements.removed) == (1, 1)
        assert summary.occupations[0].removed == ["data models"]

    def test_an_editors_level_and_importance_are_kept(self, load):
        classification = load()
        _import(classification, "data scientist")
        Requirement.objects.filter(skill__name="data mining").update(level=5, importance=5)

        _import(classification, "data scientist")

        assert _requirements("data scientist")["data mining"] == (5, 5)

    def test_reset_puts_the_rules_level_and_importance_back(self, load):
        classification = load()
        _import(classification, "data scientist")
        Requirement.objects.filter(skill__name="data mining").update(level=5, importance=5)

        summary = _import(classification, "data scientist", reset=True)

        assert _requirements("data scientist")["data mining"] == (3, 4)
        assert summary.requirements.updated == 1

    def test_a_requirement_an_editor_added_with_their_own_skill_is_kept(self, load):
        classification = load()
        _import(classification, "data scientist")
        RequirementFactory(rung=Rung.objects.get(), skill=SkillFactory(name="Storytelling"))

        summary = _import(classification, "data scientist")

        assert "Storytelling" in _requirements("data scientist")
        assert summary.requirements.removed == 0

    def test_submitted_assessments_keep_their_snapshots(self, load):
        _import(load(), "data scientist")
        rung = Rung.objects.get()
        assessment = start_assessment(owner=UserFactory(), rung=rung)
        ratings = {r.skill_id: (2, "") for r in rung.requirements.all()}
        submit_assessment(assessment=assessment, ratings=ratings)
        snapshot = list(SubmittedRequirement.objects.values_list("skill_name", "importance"))

        _import(load(edit_relations=_drop_relation(RESEARCH_FUNDING)), "data scientist")

        assert len(snapshot) == 4
        assert list(SubmittedRequirement.objects.values_list("skill_name", "importance")) == (
            snapshot
        )


class TestDryRun:
    def test_a_dry_run_writes_nothing(self, load):
        summary = _import(load(), "data scientist", "data analyst", dry_run=True)

        assert not Role.objects.exists()
        assert not Skill.objects.exists()
        assert not SkillCategory.objects.exists()
        assert summary.dry_run

    def test_a_dry_run_counts_what_would_be_created(self, load):
        summary = _import(load(), "data scientist", "data analyst", dry_run=True)

        assert summary.lines() == [
            "Roles: 2 created, 0 updated.",
            "Skills: 5 created, 0 updated.",
            "Requirements: 7 created, 0 updated, 0 removed.",
            "Skill categories: 2 created.",
        ]

    def test_a_dry_run_lists_each_occupations_changes(self, load):
        classification = load()
        _import(classification, "data scientist")

        summary = _import(
            load(edit_relations=_drop_relation(DATA_MODELS)), "data scientist", dry_run=True
        )

        entry = summary.occupations[0]
        assert (entry.is_new, entry.removed, entry.added, entry.kept) == (
            False,
            ["data models"],
            [],
            3,
        )
        assert Requirement.objects.filter(skill__name="data models").exists()


class TestAtomicity:
    def test_a_relation_to_an_unknown_skill_writes_nothing(self, load):
        def drop_big_data(members):
            header, rows = members["skills_en.csv"]
            members["skills_en.csv"] = (header, [r for r in rows if r["conceptUri"] != BIG_DATA])

        classification = load(edit_classification=drop_big_data)

        with pytest.raises(esco.EscoError):
            _import(classification, "data scientist", "data analyst")

        assert not Role.objects.exists()
        assert not Skill.objects.exists()


class TestQueries:
    # Expect 17 queries on an empty framework, however many occupations and skills (below
    # the database's batch sizes):
    # * savepoint and release (the atomic block)
    # * categories by name; category slugs taken
    # * skills by concept URI; skill names taken; skill slugs taken
    # * roles by concept URI (their rungs only once there are roles); role names taken;
    #   role slugs taken; rung titles taken; rung slugs taken
    # * insert categories, skills, roles, rungs, requirements
    FIRST_IMPORT = 17
    # Expect 10 on a re-import that changes nothing: savepoint and release; categories,
    # skills, skill names taken; roles, their rungs, role names taken, rung titles taken;
    # the rungs' requirements. Nothing new, so no slugs to find and nothing to insert.
    REIMPORT = 10

    def test_importing_one_occupation_takes_a_fixed_number_of_queries(
        self, load, django_assert_num_queries
    ):
        classification = load()

        with django_assert_num_queries(self.FIRST_IMPORT):
            _import(classification, "data scientist")

    def test_importing_three_occupations_takes_the_same_number(
        self, load, django_assert_num_queries
    ):
        classification = load()

        with django_assert_num_queries(self.FIRST_IMPORT):
            _import(classification, "data scientist", "data analyst", "technical director")

    def test_reimporting_three_occupations_takes_as_many_as_one(
        self, load, django_assert_num_queries
    ):
        classification = load()
        _import(classification, "data scientist", "data analyst", "technical director")

        with django_assert_num_queries(self.REIMPORT):
            _import(classification, "data scientist")
        with django_assert_num_queries(self.REIMPORT):
            _import(classification, "data scientist", "data analyst", "technical director")
