"""Forms validate and normalise input only; services persist what they return."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from django import forms

from assessments.models import (
    EVIDENCE_MAX_LENGTH,
    MAX_HOURS_PER_WEEK,
    MIN_HOURS_PER_WEEK,
    NOTE_MAX_LENGTH,
    Assessment,
    Rating,
    is_evidence_link,
)
from assessments.steps import BACK, NEXT, SAVE, SUBMIT
from careers.cache import get_or_set_current
from careers.models import Requirement, Rung
from careers.proficiency import SCALE

RUNG_MISSING_ERROR = "That rung does not exist. Choose one from the list."
RUNG_REQUIRED_ERROR = "Choose the rung you want to assess yourself against."
LEVEL_CHOICE_ERROR = "Choose a level from 0 to 5."
NOTE_LENGTH_ERROR = "Notes can be at most %(limit_value)d characters (this one has %(show_value)d)."
ACTION_ERROR = "Choose “Save draft”, “Next”, “Back” or “Submit”."
FOREIGN_SKILLS_ERROR = (
    "These fields are for skills this rung does not require: {fields}. "
    "Nothing was saved; reload the page and try again."
)
EVIDENCE_ERROR = (
    "Enter a web address starting with http:// or https://, such as "
    "https://github.com/you/project, or leave it empty."
)
EVIDENCE_LENGTH_ERROR = (
    "Evidence links can be at most %(limit_value)d characters (this one has %(show_value)d)."
)

_RATING_KEY = re.compile(r"^(?:skill|note|evidence)-(?P<suffix>.*)$")


# ---------------------------------------------------------------- choosing a rung


class NewAssessmentForm(forms.Form):
    rung = forms.ModelChoiceField(
        queryset=Rung.objects.current(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": RUNG_MISSING_ERROR, "required": RUNG_REQUIRED_ERROR},
    )


# ---------------------------------------------------------------- rating a rung


class RatingOption(NamedTuple):
    """One radio of a skill's 0-5 scale, as `_rating_scale.html` (Jinja2) writes it: a
    tuple the template unpacks, since a page writes 66 radios."""

    input_id: str
    value: str
    checked: bool
    label: str  # "3 Proficient"
    means: str  # the skill's own description of the level, else the generic anchor


@dataclass(frozen=True)
class RatingItem:
    """One required skill as a step shows it: six radios, a note and an evidence link.

    Plain values rather than bound fields: the template writes the radios, the note and
    the link itself. Names and ids are Django's (`skill-<id>`, `id_skill-<id>_<n>`). The
    required level and the importance are left out on purpose: a person who sees the
    target rates towards it (DESIGN.md §9). Plain text: the Jinja2 template escapes it.
    """

    skill_id: int
    skill_key: str  # the skill id as text
    skill_name: str
    name: str
    options: tuple[RatingOption, ...]
    level_error: str  # the level's errors joined, "" when there are none
    note_name: str
    note_id: str
    note_value: str
    note_error: str
    evidence_name: str
    evidence_id: str
    evidence_value: str
    evidence_error: str
    fieldset_id: str
    error_id: str
    is_rated: bool
    note_max_length: ClassVar[str] = str(NOTE_MAX_LENGTH)
    evidence_max_length: ClassVar[str] = str(EVIDENCE_MAX_LENGTH)


class StepForm(forms.Form):
    """A form posted from one of its steps: the button pressed and the step it was on.
    The rating and second-opinion forms add their per-skill fields to it."""

    action = forms.ChoiceField(
        choices=[(SAVE, "Save draft"), (NEXT, "Next"), (BACK, "Back"), (SUBMIT, "Submit")],
        error_messages={"required": ACTION_ERROR, "invalid_choice": ACTION_ERROR},
    )
    step = forms.IntegerField(required=False, min_value=1)

    # The skills given fields, in form order; each has a `skill_id` and a `name`.
    fielded: tuple = ()

    @staticmethod
    def skill_keys(skill_id: int) -> tuple[str, ...]:
        """A skill's field names, its level first."""
        raise NotImplementedError

    def first_error_skill(self) -> int | None:
        """The skill id of the first field with an error, in form order."""
        for skill in self.fielded:
            if any(self[key].errors for key in self.skill_keys(skill.skill_id)):
                return skill.skill_id
        return None

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the summary above the form; anchor "" for form-wide.
        A level's errors point at its fieldset, the other fields' at the field."""
        if not self.is_bound:
            return []
        summary = [("", str(error)) for error in self.non_field_errors()]
        summary += [("", str(error)) for error in self["action"].errors]
        for skill in self.fielded:
            level, *others = self.skill_keys(skill.skill_id)
            anchors = [(level, f"skill-{skill.skill_id}-fieldset")]
            anchors += [(key, self[key].auto_id) for key in others]
            for key, anchor in anchors:
                summary += [(anchor, f"{skill.name}: {error}") for error in self[key].errors]
        return summary


class RatingForm(StepForm):
    """A level, a note and an evidence link per skill: `skill-<id>`, `note-<id>`, `evidence-<id>`.

    The form knows every requirement of the rung but builds fields only for the skills it
    is `shown` (a step's) and those the data carries, so a step costs the same on a rung of
    10 skills or 80. A key the browser did not send keeps its stored value, so a partial
    post from a script loses nothing.
    """

    is_submit_refused = False  # set once a submission was refused for unrated skills

    def __init__(
        self,
        requirements: Iterable[RequiredSkill],
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
        shown: Iterable[int] | None = None,
    ) -> None:
        self.requirements = tuple(requirements)
        initial = dict(initial or {})
        if shown is None:
            shown = [r.skill_id for r in self.requirements]
        wanted = set(shown) | _posted_skills(data or {})
        self.fielded = tuple(r for r in self.requirements if r.skill_id in wanted)
        if data is not None:
            keys = [key for r in self.fielded for key in self.skill_keys(r.skill_id)]
            data = with_stored_values(data, initial, keys)
        super().__init__(data=data, initial=initial)
        for requirement in self.fielded:
            self.fields[level_key(requirement.skill_id)] = level_field(requirement.name)
            self.fields[note_key(requirement.skill_id)] = _note_field()
            self.fields[evidence_key(requirement.skill_id)] = _evidence_field()

    @classmethod
    def for_assessment(
        cls,
        assessment: Assessment,
        data: Mapping[str, Any] | None = None,
        shown: Iterable[int] | None = None,
    ) -> RatingForm:
        """The form for a draft: its rung's requirements, prefilled from its ratings.

        `shown` None means every skill of the rung.
        """
        requirements, initial = load_rating_inputs(assessment)
        return cls(requirements, data=data, initial=initial, shown=shown)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        skill_ids = [r.skill_id for r in self.requirements]
        refuse_foreign_skills(self.data, _RATING_KEY, skill_ids, FOREIGN_SKILLS_ERROR)
        return cleaned

    @property
    def required_count(self) -> int:
        return len(self.requirements)

    @property
    def is_submit(self) -> bool:
        return self.cleaned_data["action"] == SUBMIT

    @property
    def ratings(self) -> dict[int, tuple[int | None, str, str]]:
        """skill id -> (level or None, note, evidence link), for every fielded skill."""
        return {
            r.skill_id: (
                self.cleaned_data[level_key(r.skill_id)],
                self.cleaned_data[note_key(r.skill_id)],
                self.cleaned_data[evidence_key(r.skill_id)],
            )
            for r in self.fielded
        }

    def levels(self) -> dict[int, int | None]:
        """skill id -> the level shown now (posted, else stored), None when unrated."""
        return shown_levels(self, [r.skill_id for r in self.requirements])

    def flag_unrated(self, message: str) -> None:
        """Record that a submission was refused because skills are unrated."""
        self.is_submit_refused = True
        self.add_error(None, message)

    @staticmethod
    def skill_keys(skill_id: int) -> tuple[str, ...]:
        return level_key(skill_id), note_key(skill_id), evidence_key(skill_id)

    def items(
        self, skill_ids: Iterable[int], descriptions: Mapping[tuple[int, int], str]
    ) -> tuple[RatingItem, ...]:
        """The given skills, in form order, ready to render.

        `descriptions` maps (skill id, level) to the skill's own words for that level.
        """
        wanted = set(skill_ids)
        return tuple(self._item(r, descriptions) for r in self.fielded if r.skill_id in wanted)

    def _item(
        self, requirement: RequiredSkill, descriptions: Mapping[tuple[int, int], str]
    ) -> RatingItem:
        skill_id = requirement.skill_id
        level = self[level_key(skill_id)]
        note, evidence = self[note_key(skill_id)], self[evidence_key(skill_id)]
        return RatingItem(
            skill_id=skill_id,
            skill_key=str(skill_id),
            skill_name=requirement.name,
            name=level.html_name,
            options=level_options(level, skill_id, descriptions),
            level_error=" ".join(level.errors),
            note_name=note.html_name,
            note_id=note.auto_id,
            note_value=note.value() or "",
            note_error=" ".join(note.errors),
            evidence_name=evidence.html_name,
            evidence_id=evidence.auto_id,
            evidence_value=evidence.value() or "",
            evidence_error=" ".join(evidence.errors),
            fieldset_id=f"skill-{skill_id}-fieldset",
            error_id=f"skill-{skill_id}-error",
            is_rated=is_level(level.value()),
        )


@dataclass(frozen=True)
class RequiredSkill:
    """One requirement of the rung as the rating form and its steps know it."""

    skill_id: int
    name: str
    category: str
    level: int  # the required level: scores the range, never shown while rating
    importance: int


# Built once, filtered per draft (as views.REPORT_INPUTS is): building and resolving the
# joins and the ordering on every request cost more than SQLite's reading the rows, and
# plain rows cost a tenth of model instances with their skill and category.
_REQUIRED_SKILLS = (
    Requirement.objects.current()
    .order_by("skill__category__order", "skill__category__name", "skill__name")
    .values_list("skill_id", "skill__name", "skill__category__name", "level", "importance")
)
_STORED_RATINGS = Rating.objects.order_by().values_list("skill_id", "level", "note", "evidence")


def load_rating_inputs(
    assessment: Assessment,
) -> tuple[tuple[RequiredSkill, ...], dict[str, Any]]:
    """The rung's requirements in form order and the stored values keyed as the form's
    fields are: one query for the ratings, and one cache read (`rung_requirements`)."""
    requirements = rung_requirements(assessment.rung_id)
    initial: dict[str, Any] = {}
    for skill_id, level, note, evidence in _STORED_RATINGS.filter(assessment_id=assessment.pk):
        initial[level_key(skill_id)] = level
        initial[note_key(skill_id)] = note
        initial[evidence_key(skill_id)] = evidence
    return requirements, initial


def rung_requirements(rung_id: int) -> tuple[RequiredSkill, ...]:
    """The rung's current requirements in form order, kept in the shared cache per
    framework version (which every framework write renews): one cache read on a hit."""

    def load() -> tuple[RequiredSkill, ...]:
        return tuple(RequiredSkill(*row) for row in _REQUIRED_SKILLS.filter(rung_id=rung_id))

    return get_or_set_current(f"rating-requirements:{rung_id}", load)


def level_key(skill_id: int) -> str:
    return f"skill-{skill_id}"


def note_key(skill_id: int) -> str:
    return f"note-{skill_id}"


def evidence_key(skill_id: int) -> str:
    return f"evidence-{skill_id}"


def validate_evidence(value: str) -> None:
    """Refuse anything but an http or https URL (javascript:, data:, ftp:, junk)."""
    # The length has its own message, from the field's max_length.
    if value and not is_evidence_link(value[:EVIDENCE_MAX_LENGTH]):
        raise forms.ValidationError(EVIDENCE_ERROR, code="evidence")


# Every skill's fields are copies of these: building 240 fields from scratch was most of
# an 80-skill form's set-up time. A shallow copy shares the widget, choices, validators
# and messages, which nothing changes once a form is built.
_LEVEL_FIELD = forms.TypedChoiceField(
    choices=[(level.number, level.anchor) for level in SCALE],
    coerce=int,
    empty_value=None,
    required=False,
    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    error_messages={"invalid_choice": LEVEL_CHOICE_ERROR},
)
_NOTE_FIELD = forms.CharField(
    label="Note (optional)",
    required=False,
    max_length=NOTE_MAX_LENGTH,
    widget=forms.Textarea(attrs={"rows": 1}),
    error_messages={"max_length": NOTE_LENGTH_ERROR},
)
_EVIDENCE_FIELD = forms.CharField(
    label="Evidence link (optional)",
    required=False,
    max_length=EVIDENCE_MAX_LENGTH,
    validators=[validate_evidence],
    error_messages={"max_length": EVIDENCE_LENGTH_ERROR},
)


def level_field(label: str) -> forms.TypedChoiceField:
    """A skill's 0-5 level field, labelled with the skill's name (the rating and the
    second-opinion forms both build one per skill)."""
    field = copy.copy(_LEVEL_FIELD)
    field.label = label
    return field


_SCALE_TEXT = tuple((scale.number, str(scale.number), scale.label, scale.means) for scale in SCALE)


def level_options(
    level: forms.BoundField, skill_id: int, descriptions: Mapping[tuple[int, int], str]
) -> tuple[RatingOption, ...]:
    """The six radios of a bound level field, each with the skill's own words for its
    level (from `descriptions`) or else the scale's generic anchor."""
    value = level.value()
    shown = "" if value is None else str(value)  # as RadioSelect compares choices
    auto_id = level.auto_id
    return tuple(
        RatingOption(
            f"{auto_id}_{i}",
            text,
            text == shown,
            label,
            descriptions.get((skill_id, number), means),
        )
        for i, (number, text, label, means) in enumerate(_SCALE_TEXT)
    )


def shown_levels(form: forms.Form, skill_ids: Iterable[int]) -> dict[int, int | None]:
    """skill id -> the level `form` shows now (posted, else stored), None when unrated."""
    levels: dict[int, int | None] = {}
    for skill_id in skill_ids:
        key = level_key(skill_id)
        value = form[key].value() if key in form.fields else form.initial.get(key)
        levels[skill_id] = int(value) if is_level(value) else None
    return levels


def _note_field() -> forms.CharField:
    return copy.copy(_NOTE_FIELD)


def _evidence_field() -> forms.CharField:
    return copy.copy(_EVIDENCE_FIELD)


def _posted_skills(data: Mapping[str, Any]) -> set[int]:
    """The skill ids a post carries a level, note or evidence field for."""
    return {
        int(match["suffix"])
        for key in data
        if (match := _RATING_KEY.match(key)) and match["suffix"].isdigit()
    }


def refuse_foreign_skills(
    data: Mapping[str, Any], pattern: re.Pattern[str], skill_ids: Iterable[int], message: str
) -> None:
    """Refuse the whole post when it carries a skill field (a key `pattern` matches) for a
    skill outside `skill_ids`; `message` names the fields in `{fields}`."""
    known = {str(skill_id) for skill_id in skill_ids}
    foreign = [
        key for key in data if (match := pattern.match(key)) and match["suffix"] not in known
    ]
    if foreign:
        raise forms.ValidationError(
            message.format(fields=", ".join(sorted(foreign))), code="foreign"
        )


def with_stored_values(
    data: Mapping[str, Any], initial: Mapping[str, Any], keys: Iterable[str]
) -> Mapping[str, Any]:
    """Fill `keys` the client did not send with their stored values."""
    missing = {
        key: initial[key] for key in keys if key not in data and initial.get(key) is not None
    }
    if not missing:
        return data
    filled = data.copy()  # QueryDict.copy() is mutable; a dict's copy is too
    for key, value in missing.items():
        filled[key] = str(value)
    return filled


def is_level(value: object) -> bool:
    return str(value) in {str(level.number) for level in SCALE}


# ---------------------------------------------------------------- time for learning

HOURS_PER_WEEK_ERROR = (
    f"Enter a whole number of hours from {MIN_HOURS_PER_WEEK} to {MAX_HOURS_PER_WEEK}."
)


class HoursPerWeekForm(forms.Form):
    """The hours a week a person can spend learning, which sets the plan's weeks to ready."""

    hours_per_week = forms.IntegerField(
        label="Hours a week you can spend learning",
        min_value=MIN_HOURS_PER_WEEK,
        max_value=MAX_HOURS_PER_WEEK,
        error_messages={
            "required": HOURS_PER_WEEK_ERROR,
            "invalid": HOURS_PER_WEEK_ERROR,
            "min_value": HOURS_PER_WEEK_ERROR,
            "max_value": HOURS_PER_WEEK_ERROR,
        },
    )
