from __future__ import annotations

from assessments.rating_page import level_descriptions
from tests.factories import SkillFactory, SkillLevelFactory


class TestLevelDescriptions:
    def test_it_maps_skill_and_level_to_the_skills_own_words(self, db):
        skill, other = SkillFactory(), SkillFactory()
        SkillLevelFactory(skill=skill, level=2, description="Writes simple queries")
        SkillLevelFactory(skill=skill, level=5, description="Designs the warehouse")
        SkillLevelFactory(skill=other, level=2, description="Not asked for")

        descriptions = level_descriptions([skill.pk])

        assert descriptions == {
            (skill.pk, 2): "Writes simple queries",
            (skill.pk, 5): "Designs the warehouse",
        }

    def test_no_skills_need_no_query(self, db, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert level_descriptions([]) == {}
