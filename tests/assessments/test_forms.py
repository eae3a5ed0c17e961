from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils.safestring import SafeData

from assessments import forms
from tests.factories import AssessmentFactory, RatingFactory, SkillFactory


@pytest.fixture
def requirements(rung):
    rows = rung.requirements.select_related("skill__category").order_by("skill__name")
    return [
        forms.RequiredSkill(r.skill_id, r.skill.name, r.skill.category.name, r.level, r.importance)
        for r in rows
    ]


def _data(requirements, level="3", action="save", **overrides):
    data = {"action": action}
    for r in requirements:
        data[f"skill-{r.skill_id}"] = level
        data[f"note-{r.skill_id}"] = ""
    return data | overrides


class TestRatingForm:
    def test_it_has_a_level_and_a_note_per_required_skill(self, requirements):
        form = forms.RatingForm(requirements)

        names = set(form.fields) - {"action", "step"}
        expected = {f"skill-{r.skill_id}" for r in requirements}
        expected |= {f"note-{r.skill_id}" for r in requirements}
        expected |= {f"evidence-{r.skill_id}" for r in requirements}
        assert names == expected

    def test_it_has_fields_only_for_the_shown_skills_and_those_posted(self, requirements):
        first, second, third, _ = requirements

        form = forms.RatingForm(
            requirements,
            data={"action": "save", f"note-{third.skill_id}": ""},
            shown=[first.skill_id, second.skill_id],
        )

        assert {name for name in form.fields if name.startswith("skill-")} == {
            f"skill-{first.skill_id}",
            f"skill-{second.skill_id}",
            f"skill-{third.skill_id}",
        }

    def test_levels_are_labelled_with_the_scale_anchors(self, requirements):
        field = forms.RatingForm(requirements).fields[f"skill-{requirements[0].skill_id}"]

        assert [label for _, label in field.choices] == [
            "0 None — no exposure yet",
            "1 Awareness — knows what it is and when it is used",
            "2 Foundational — does simple tasks with guidance",
            "3 Proficient — works independently on typical tasks",
            "4 Advanced — handles complex cases, guides others",
            "5 Expert — sets direction, recognised authority",
        ]

    def test_it_returns_levels_as_numbers_and_blank_as_unrated(self, requirements):
        first, second, *_ = requirements
        data = _data(
            requirements, **{f"skill-{second.skill_id}": "", f"note-{first.skill_id}": " hi "}
        )

        form = forms.RatingForm(requirements, data=data)

        assert form.is_valid(), form.errors
        assert form.ratings[first.skill_id] == (3, "hi", "")
        assert form.ratings[second.skill_id] == (None, "", "")

    @pytest.mark.parametrize("bad", ["6", "-1", "three", "3.0", " 3x"])
    def test_a_bad_level_gets_a_field_error(self, requirements, bad):
        key = f"skill-{requirements[0].skill_id}"

        form = forms.RatingForm(requirements, data=_data(requirements, **{key: bad}))

        assert form.errors == {key: [forms.LEVEL_CHOICE_ERROR]}

    def test_a_long_note_gets_an_error_with_its_length(self, requirements):
        key = f"note-{requirements[0].skill_id}"

        form = forms.RatingForm(requirements, data=_data(requirements, **{key: "é" * 612}))

        assert form.errors == {key: ["Notes can be at most 500 characters (this one has 612)."]}

    def test_a_field_for_an_unknown_skill_is_refused(self, requirements):
        form = forms.RatingForm(requirements, data=_data(requirements, **{"skill-0": "3"}))

        assert not form.is_valid()
        assert "skill-0" in form.non_field_errors()[0]

    def test_a_field_for_a_skill_of_another_rung_is_refused(self, requirements):
        foreign = SkillFactory()

        form = forms.RatingForm(
            requirements, data=_data(requirements, **{f"skill-{foreign.pk}": "2"})
        )

        assert form.non_field_errors() == [
            forms.FOREIGN_SKILLS_ERROR.format(fields=f"skill-{foreign.pk}")
        ]

    def test_unrelated_fields_are_ignored(self, requirements):
        form = forms.RatingForm(
            requirements, data=_data(requirements, csrfmiddlewaretoken="x", owner="1")
        )

        assert form.is_valid()

    @pytest.mark.parametrize(
        "link", ["https://github.com/me/project", "http://example.org/a?b=c#d", ""]
    )
    def test_an_http_or_https_evidence_link_or_none_is_accepted(self, requirements, link):
        key = f"evidence-{requirements[0].skill_id}"

        form = forms.RatingForm(requirements, data=_data(requirements, **{key: link}))

        assert form.is_valid(), form.errors
        assert form.ratings[requirements[0].skill_id][2] == link

    @pytest.mark.parametrize(
        "link",
        [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "ftp://example.org/file",
            "github.com/me",
            "https://",
            "https://exa mple.org",
        ],
    )
    def test_an_evidence_link_of_another_scheme_or_malformed_is_refused(self, requirements, link):
        key = f"evidence-{requirements[0].skill_id}"

        form = forms.RatingForm(requirements, data=_data(requirements, **{key: link}))

        assert form.errors == {key: [forms.EVIDENCE_ERROR]}

    def test_an_evidence_link_over_500_characters_is_refused_with_its_length(self, requirements):
        key = f"evidence-{requirements[0].skill_id}"
        link = "https://example.org/" + "a" * 481

        form = forms.RatingForm(requirements, data=_data(requirements, **{key: link}))

        assert form.errors[key] == [
            "Evidence links can be at most 500 characters (this one has 501)."
        ]

    @pytest.mark.parametrize("action", ["save", "next", "back", "submit"])
    def test_the_action_says_whether_to_submit(self, requirements, action):
        form = forms.RatingForm(requirements, data=_data(requirements, action=action))

        assert form.is_valid()
        assert form.is_submit is (action == "submit")

    def test_flagging_unrated_skills_marks_the_form_refused(self, requirements):
        form = forms.RatingForm(requirements, data=_data(requirements))
        form.is_valid()

        form.flag_unrated("Still unrated: A, B.")

        assert form.is_submit_refused
        assert form.non_field_errors() == ["Still unrated: A, B."]

    def test_progress_counts_rated_skills(self, requirements):
        first, second, *_ = requirements
        data = _data(requirements, level="")
        data[f"skill-{first.skill_id}"] = "0"
        data[f"skill-{second.skill_id}"] = "9"

        form = forms.RatingForm(requirements, data=data)

        rated = [level for level in form.levels().values() if level is not None]
        assert (rated, form.required_count) == ([0], 4)

    def test_items_come_in_form_order_for_the_given_skills_only(self, requirements):
        first, _, third, _ = requirements

        items = forms.RatingForm(requirements).items([third.skill_id, first.skill_id], {})

        assert [item.skill_id for item in items] == [first.skill_id, third.skill_id]

    def test_an_item_shows_the_skills_own_level_description_else_the_generic_anchor(
        self, requirements
    ):
        skill_id = requirements[0].skill_id
        descriptions = {(skill_id, 3): "Ships a typed package with tests"}

        (item,) = forms.RatingForm(requirements).items([skill_id], descriptions)

        assert [option.means for option in item.options] == [
            "no exposure yet",
            "knows what it is and when it is used",
            "does simple tasks with guidance",
            "Ships a typed package with tests",
            "handles complex cases, guides others",
            "sets direction, recognised authority",
        ]

    def test_an_items_options_carry_their_text_as_plain_text(self, requirements):
        # The Jinja2 template escapes it (test_views_rate checks the page escapes it once).
        skill_id = requirements[0].skill_id
        descriptions = {(skill_id, 2): "Joins <tables> & views"}

        (item,) = forms.RatingForm(requirements).items([skill_id], descriptions)

        option = item.options[2]
        assert option.means == "Joins <tables> & views"
        assert not isinstance(option.means, SafeData)
        assert (option.input_id, option.value) == (f"id_skill-{skill_id}_2", "2")

    def test_an_items_names_and_ids_are_plain_text(self, requirements):
        skill = replace(requirements[0], name="R&D <ops>")

        (item,) = forms.RatingForm([skill]).items([skill.skill_id], {})

        assert item.skill_name == "R&D <ops>"
        for text in (item.skill_name, item.note_id, item.evidence_id, item.fieldset_id):
            assert not isinstance(text, SafeData)
        assert (item.skill_key, item.note_max_length) == (str(skill.skill_id), "500")

    def test_an_item_checks_the_shown_level_only(self, requirements):
        skill_id = requirements[0].skill_id
        form = forms.RatingForm(requirements, data=_data(requirements, level="2"))

        (item,) = form.items([skill_id], {})

        assert [option.checked for option in item.options] == [
            False,
            False,
            True,
            False,
            False,
            False,
        ]
        assert item.is_rated

    def test_the_error_summary_links_each_error_to_its_field(self, requirements):
        first = requirements[0]
        data = _data(requirements, **{f"skill-{first.skill_id}": "8"})
        form = forms.RatingForm(requirements, data=data)
        form.is_valid()

        assert form.error_summary() == [
            (f"skill-{first.skill_id}-fieldset", f"{first.name}: {forms.LEVEL_CHOICE_ERROR}")
        ]


class TestRatingFormForAssessment:
    def test_it_starts_from_the_stored_ratings(self, user, rung):
        assessment = AssessmentFactory(owner=user, rung=rung)
        skill = rung.requirements.first().skill
        RatingFactory(assessment=assessment, skill=skill, level=4, note="kept")

        form = forms.RatingForm.for_assessment(assessment)

        assert form[f"skill-{skill.pk}"].value() == 4
        assert form[f"note-{skill.pk}"].value() == "kept"
        assert [level for level in form.levels().values() if level is not None] == [4]

    def test_keys_a_client_did_not_send_keep_their_stored_values(self, user, rung):
        assessment = AssessmentFactory(owner=user, rung=rung)
        skill = rung.requirements.first().skill
        RatingFactory(assessment=assessment, skill=skill, level=4, note="kept")

        form = forms.RatingForm.for_assessment(assessment, data={"action": "save"})

        assert form.is_valid()
        assert form.ratings[skill.pk] == (4, "kept", "")


class TestLoadRatingInputs:
    def test_it_reads_the_rungs_skills_in_the_reports_order(self, user, make_rung):
        rung = make_rung(6, level=4, importance=2)
        expected = [
            forms.RequiredSkill(r.skill_id, r.skill.name, r.skill.category.name, 4, 2)
            for r in rung.requirements.select_related("skill__category").order_by(
                "skill__category__order", "skill__category__name", "skill__name"
            )
        ]

        requirements, _ = forms.load_rating_inputs(AssessmentFactory(owner=user, rung=rung))

        assert list(requirements) == expected

    def test_it_leaves_out_archived_skills_and_other_rungs(self, user, make_rung):
        rung, other = make_rung(3), make_rung(2)
        archived = rung.requirements.first().skill
        archived.archived = True
        archived.save()

        requirements, _ = forms.load_rating_inputs(AssessmentFactory(owner=user, rung=rung))

        kept = set(rung.requirements.exclude(skill=archived).values_list("skill_id", flat=True))
        assert {r.skill_id for r in requirements} == kept
        assert not kept & set(other.requirements.values_list("skill_id", flat=True))

    def test_it_keys_the_stored_values_as_the_forms_fields(self, user, rung):
        assessment = AssessmentFactory(owner=user, rung=rung)
        skill = rung.requirements.first().skill
        RatingFactory(assessment=assessment, skill=skill, level=1, note="n", evidence="https://e.x")
        RatingFactory(skill=skill, level=5, note="someone else's")

        _, initial = forms.load_rating_inputs(assessment)

        assert initial == {
            f"skill-{skill.pk}": 1,
            f"note-{skill.pk}": "n",
            f"evidence-{skill.pk}": "https://e.x",
        }


class TestNewAssessmentForm:
    def test_it_accepts_an_existing_rung(self, user, rung):
        form = forms.NewAssessmentForm({"rung": str(rung.pk)})

        assert form.is_valid()
        assert form.cleaned_data["rung"] == rung

    @pytest.mark.parametrize("value", ["0", "999999", "x", "1 OR 1=1"])
    def test_an_unknown_rung_is_refused(self, user, rung, value):
        form = forms.NewAssessmentForm({"rung": value})

        assert form.errors == {"rung": [forms.RUNG_MISSING_ERROR]}
