"""Forms validate and normalise input only; services persist what they return."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.db.models import Count, Q
from django.template.loader import render_to_string

from assessments.models import (
    MAX_HOURS_PER_WEEK,
    MIN_HOURS_PER_WEEK,
    NOTE_MAX_LENGTH,
    Assessment,
)
from careers.models import Requirement, Role, Rung
from careers.proficiency import SCALE, level_label

RUNG_MISSING_ERROR = "That rung does not exist. Choose one from the list."
RUNG_REQUIRED_ERROR = "Choose the rung you want to assess yourself against."
LEVEL_CHOICE_ERROR = "Choose a level from 0 to 5."
NOTE_LENGTH_ERROR = "Notes can be at most %(limit_value)d characters (this one has %(show_value)d)."
ACTION_ERROR = "Choose “Save draft” or “Submit”."
FOREIGN_SKILLS_ERROR = (
    "These fields are for skills this rung does not require: {fields}. "
    "Nothing was saved; reload the page and try again."
)
UNRATED_FIELD_ERROR = "Rate this skill before submitting."

SAVE, SUBMIT = "save", "submit"
_RATING_KEY = re.compile(r"^(?:skill|note)-(?P<suffix>.*)$")


# ---------------------------------------------------------------- choosing a rung


@dataclass(frozen=True)
class RungChoice:
    rung: Rung
    input_id: str
    checked: bool
    has_draft: bool


@dataclass(frozen=True)
class RoleGroup:
    role: Role
    rungs: tuple[RungChoice, ...]


class NewAssessmentForm(forms.Form):
    rung = forms.ModelChoiceField(
        queryset=Rung.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": RUNG_MISSING_ERROR, "required": RUNG_REQUIRED_ERROR},
    )

    def __init__(self, *args: Any, owner=None, role_slug: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.role_slug = role_slug
        self.fields["rung"].queryset = (
            Rung.objects.current()
            .with_role()
            .annotate(
                skill_count=Count("requirements", filter=Q(requirements__skill__archived=False))
            )
        )

    def role_groups(self) -> tuple[RoleGroup, ...]:
        """Every rung with its skill count, grouped by role in ladder order (one query)."""
        selected = str(self["rung"].value() or "")
        drafts = set(
            Assessment.objects.for_owner(self.owner).drafts().values_list("rung_id", flat=True)
        )
        groups: dict[int, list[RungChoice]] = {}
        roles: dict[int, Role] = {}
        for rung in self.fields["rung"].queryset:
            roles[rung.role_id] = rung.role
            choice = RungChoice(
                rung, f"rung-{rung.pk}", str(rung.pk) == selected, rung.pk in drafts
            )
            groups.setdefault(rung.role_id, []).append(choice)
        return tuple(RoleGroup(roles[pk], tuple(choices)) for pk, choices in groups.items())

    def shown_groups(self, groups: Sequence[RoleGroup]) -> tuple[RoleGroup, ...]:
        """The groups to show: only the chosen role's when `?role=` names one."""
        chosen = tuple(g for g in groups if g.role.slug == self.role_slug)
        return chosen or tuple(groups)


# ---------------------------------------------------------------- rating a rung


@dataclass(frozen=True)
class RatingOption:
    """One radio of a skill's 0-5 scale, as `_rating_scale.html` writes it."""

    input_id: str
    value: int
    checked: bool
    label: str  # "3 Proficient"
    means: str


@dataclass(frozen=True)
class RatingItem:
    """One required skill as the form shows it: a fieldset of six radios and a note.

    Plain values rather than bound fields: the templates write the radios and the note
    themselves, because rendering a widget template per radio made an 80-skill form cost a
    quarter of a second. Names and ids are Django's (`skill-<id>`, `id_skill-<id>_<n>`).
    """

    requirement: Requirement
    skill_name: str
    required_label: str
    scale_html: str  # the six radios, from rating_scale_html()
    level_error: str  # the level's errors joined, "" when there are none
    note_name: str
    note_id: str
    note_value: str
    note_error: str
    fieldset_id: str
    error_id: str
    is_rated: bool
    note_max_length: ClassVar[int] = NOTE_MAX_LENGTH


@dataclass(frozen=True)
class CategorySection:
    name: str
    slug: str
    items: tuple[RatingItem, ...]


class RatingForm(forms.Form):
    """One 0-5 level and one note per required skill, named `skill-<id>` and `note-<id>`.

    A key the browser did not send keeps its stored value (a browser always sends a
    checked radio and every textarea), so a partial post from a script loses nothing.
    """

    is_submit_refused = False  # set once a submission was refused for unrated skills
    first_unrated_anchor = ""

    action = forms.ChoiceField(
        choices=[(SAVE, "Save draft"), (SUBMIT, "Submit")],
        error_messages={"required": ACTION_ERROR, "invalid_choice": ACTION_ERROR},
    )

    def __init__(
        self,
        requirements: Iterable[Requirement],
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
    ) -> None:
        self.requirements = tuple(requirements)
        initial = dict(initial or {})
        if data is not None:
            data = _with_stored_values(data, initial, self.requirements)
        super().__init__(data=data, initial=initial)
        for requirement in self.requirements:
            self.fields[level_key(requirement.skill_id)] = _level_field(requirement)
            self.fields[note_key(requirement.skill_id)] = _note_field()

    @classmethod
    def for_assessment(
        cls, assessment: Assessment, data: Mapping[str, Any] | None = None
    ) -> RatingForm:
        """The form for a draft: its rung's requirements, prefilled from its ratings."""
        requirements = (
            Requirement.objects.current()
            .filter(rung_id=assessment.rung_id)
            .select_related("skill__category")
            .order_by("skill__category__order", "skill__category__name", "skill__name")
        )
        initial: dict[str, Any] = {}
        for skill_id, level, note in assessment.ratings.values_list("skill_id", "level", "note"):
            initial[level_key(skill_id)] = level
            initial[note_key(skill_id)] = note
        return cls(requirements, data=data, initial=initial)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        required = {str(r.skill_id) for r in self.requirements}
        foreign = [
            key
            for key in self.data
            if (match := _RATING_KEY.match(key)) and match["suffix"] not in required
        ]
        if foreign:
            raise forms.ValidationError(
                FOREIGN_SKILLS_ERROR.format(fields=", ".join(sorted(foreign))), code="foreign"
            )
        return cleaned

    @property
    def is_submit(self) -> bool:
        return self.cleaned_data["action"] == SUBMIT

    @property
    def ratings(self) -> dict[int, tuple[int | None, str]]:
        """skill id -> (level or None, note), for every required skill."""
        return {
            r.skill_id: (
                self.cleaned_data[level_key(r.skill_id)],
                self.cleaned_data[note_key(r.skill_id)],
            )
            for r in self.requirements
        }

    def flag_unrated(self, skill_ids: Iterable[int], message: str) -> None:
        """Mark each unrated skill's field, after the service refused a submission."""
        self.is_submit_refused = True
        self.add_error(None, message)
        for skill_id in skill_ids:
            self.add_error(level_key(skill_id), UNRATED_FIELD_ERROR)
            self.first_unrated_anchor = self.first_unrated_anchor or f"skill-{skill_id}-fieldset"

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the summary above the form; anchor "" for form-wide.

        Each message also shows beside its field; "rate this skill" ones are left out here
        because the refused submission's own message names every unrated skill.
        """
        summary = [("", str(error)) for error in self.non_field_errors()]
        summary += [("", str(error)) for error in self["action"].errors]
        for r in self.requirements:
            for key, anchor in (
                (level_key(r.skill_id), f"skill-{r.skill_id}-fieldset"),
                (note_key(r.skill_id), self[note_key(r.skill_id)].auto_id),
            ):
                summary += [
                    (anchor, f"{r.skill.name}: {error}")
                    for error in self[key].errors
                    if error != UNRATED_FIELD_ERROR  # the refusal already names them
                ]
        return summary

    @property
    def required_count(self) -> int:
        return len(self.requirements)

    @property
    def rated_count(self) -> int:
        return sum(1 for r in self.requirements if _is_level(self[level_key(r.skill_id)].value()))

    def sections(self) -> tuple[CategorySection, ...]:
        """The requirements grouped by category, in category order, ready to render."""
        sections: dict[str, list[RatingItem]] = {}
        names: dict[str, str] = {}
        for requirement in self.requirements:
            category = requirement.skill.category
            names[category.slug] = category.name
            sections.setdefault(category.slug, []).append(self._item(requirement))
        return tuple(
            CategorySection(names[slug], slug, tuple(items)) for slug, items in sections.items()
        )

    def _item(self, requirement: Requirement) -> RatingItem:
        skill_id = requirement.skill_id
        level, note = self[level_key(skill_id)], self[note_key(skill_id)]
        value = level.value()
        shown = "" if value is None else str(value)  # as RadioSelect compares choices
        level_error = " ".join(level.errors)
        return RatingItem(
            requirement=requirement,
            skill_name=requirement.skill.name,
            required_label=f"Required: {level_label(requirement.level)}",
            scale_html=rating_scale_html(level.html_name, level.auto_id, shown, bool(level_error)),
            level_error=level_error,
            note_name=note.html_name,
            note_id=note.auto_id,
            note_value=note.value() or "",
            note_error=" ".join(note.errors),
            fieldset_id=f"skill-{skill_id}-fieldset",
            error_id=f"skill-{skill_id}-error",
            is_rated=_is_level(value),
        )


def rating_scale_html(name: str, auto_id: str, checked: str, invalid: bool) -> str:
    """The six radios of one skill's scale; `checked` is the level shown as chosen, or ""."""
    options = [
        RatingOption(
            input_id=f"{auto_id}_{i}",
            value=level.number,
            checked=str(level.number) == checked,
            label=level.label,
            means=level.means,
        )
        for i, level in enumerate(SCALE)
    ]
    context = {"name": name, "options": options, "invalid": invalid}
    return render_to_string("assessments/_rating_scale.html", context)


def level_key(skill_id: int) -> str:
    return f"skill-{skill_id}"


def note_key(skill_id: int) -> str:
    return f"note-{skill_id}"


# Every skill's fields are copies of these two: building 160 fields from scratch was most
# of an 80-skill form's set-up time. A shallow copy shares the widget, choices, validators
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


def _level_field(requirement: Requirement) -> forms.TypedChoiceField:
    field = copy.copy(_LEVEL_FIELD)
    field.label = requirement.skill.name
    return field


def _note_field() -> forms.CharField:
    return copy.copy(_NOTE_FIELD)


def _with_stored_values(
    data: Mapping[str, Any], initial: Mapping[str, Any], requirements: Sequence[Requirement]
) -> Mapping[str, Any]:
    """Fill keys the client did not send with their stored values."""
    missing = {
        key: initial[key]
        for r in requirements
        for key in (level_key(r.skill_id), note_key(r.skill_id))
        if key not in data and initial.get(key) is not None
    }
    if not missing:
        return data
    filled = data.copy()  # QueryDict.copy() is mutable; a dict's copy is too
    for key, value in missing.items():
        filled[key] = str(value)
    return filled


def _is_level(value: object) -> bool:
    return str(value) in {str(level.number) for level in SCALE}


# ---------------------------------------------------------------- time for learning

HOURS_PER_WEEK_ERROR = "Enter a whole number of hours from 1 to 80."


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
