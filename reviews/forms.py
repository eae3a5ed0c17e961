"""Forms validate and normalise input only; reviews/services.py persists what they return."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms

from accounts.addresses import normalise_email
from assessments.forms import (
    RatingOption,
    StepForm,
    level_field,
    level_key,
    level_options,
    refuse_foreign_skills,
    shown_levels,
    with_stored_values,
)
from reviews.models import COMMENT_MAX_LENGTH, MESSAGE_MAX_LENGTH, REVIEWER_NAME_MAX_LENGTH

EMAIL_REQUIRED_ERROR = "Enter the e-mail address of the person you are asking."
EMAIL_INVALID_ERROR = "Enter a valid e-mail address, such as sam@example.org."
MESSAGE_LENGTH_ERROR = (
    "The message can be at most %(limit_value)d characters (this one has %(show_value)d)."
)
NAME_REQUIRED_ERROR = "Enter your name, as the person who asked will see it."
NAME_LENGTH_ERROR = (
    "Your name can be at most %(limit_value)d characters (this one has %(show_value)d)."
)
COMMENT_LENGTH_ERROR = (
    "Comments can be at most %(limit_value)d characters (this one has %(show_value)d)."
)
FOREIGN_SKILLS_ERROR = (
    "These fields are for skills this review does not cover: {fields}. "
    "Nothing was saved; reload the page and try again."
)
ACCEPT = "accept"

_REVIEW_KEY = re.compile(r"^(?:skill|comment)-(?P<suffix>.*)$")


class RequestReviewForm(forms.Form):
    email = forms.CharField(
        label="Their e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"required": EMAIL_REQUIRED_ERROR},
    )
    message = forms.CharField(
        label="A message for them (optional)",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": MESSAGE_LENGTH_ERROR},
    )

    def clean_email(self) -> str:
        try:
            email = normalise_email(self.cleaned_data["email"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        forms.EmailField().clean(email)  # the shape check Django's EmailField makes
        return email


class AcceptReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(ACCEPT, "Accept")])
    name = forms.CharField(
        max_length=REVIEWER_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": NAME_REQUIRED_ERROR, "max_length": NAME_LENGTH_ERROR},
    )

    def __init__(self, *args: Any, owner_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = f"Your name, as {owner_label} will see it"


@dataclass(frozen=True)
class ReviewSkill:
    """One skill of the reviewed snapshot, as the review form knows it: no required level,
    no importance shown, and none of the owner's ratings or notes."""

    skill_id: int
    name: str
    category: str
    importance: int  # only to split the steps as the self-assessment does; never shown
    evidence: str  # the owner's evidence link, shown to the reviewer


@dataclass(frozen=True)
class ReviewItem:
    """One skill as a step shows it: six radios (names as Django's widgets would give them),
    the owner's evidence link, and the reviewer's comment."""

    skill_id: int
    skill_name: str
    name: str
    options: tuple[RatingOption, ...]
    level_error: str
    evidence: str
    comment_name: str
    comment_id: str
    comment_value: str
    comment_error: str
    fieldset_id: str
    error_id: str
    comment_max_length: ClassVar[int] = COMMENT_MAX_LENGTH


_COMMENT_FIELD = forms.CharField(
    required=False,
    max_length=COMMENT_MAX_LENGTH,
    error_messages={"max_length": COMMENT_LENGTH_ERROR},
)


class ReviewForm(StepForm):
    """A level and a comment per skill: `skill-<id>`, `comment-<id>`, plus `step` and `action`.

    Fields exist for the `shown` skills and any the data carries, so a step costs the same
    whatever the snapshot's size. A key the client did not send keeps its stored value.
    """

    def __init__(
        self,
        skills: Sequence[ReviewSkill],
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
        shown: Iterable[int] = (),
    ) -> None:
        self.skills = tuple(skills)
        initial = dict(initial or {})
        wanted = set(shown) | _posted_skills(data or {})
        self.fielded = tuple(s for s in self.skills if s.skill_id in wanted)
        if data is not None:
            keys = [key for s in self.fielded for key in self.skill_keys(s.skill_id)]
            data = with_stored_values(data, initial, keys)
        super().__init__(data=data, initial=initial)
        for skill in self.fielded:
            self.fields[level_key(skill.skill_id)] = level_field(skill.name)
            self.fields[comment_key(skill.skill_id)] = copy.copy(_COMMENT_FIELD)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        skill_ids = [s.skill_id for s in self.skills]
        refuse_foreign_skills(self.data, _REVIEW_KEY, skill_ids, FOREIGN_SKILLS_ERROR)
        return cleaned

    @property
    def chosen_action(self) -> str:
        return self.cleaned_data["action"]

    @property
    def ratings(self) -> dict[int, tuple[int | None, str]]:
        """skill id -> (level or None, comment), for every fielded skill."""
        return {
            s.skill_id: (
                self.cleaned_data[level_key(s.skill_id)],
                self.cleaned_data[comment_key(s.skill_id)],
            )
            for s in self.fielded
        }

    def levels(self) -> dict[int, int | None]:
        """skill id -> the level shown now (posted, else stored), None when unrated."""
        return shown_levels(self, [s.skill_id for s in self.skills])

    @staticmethod
    def skill_keys(skill_id: int) -> tuple[str, ...]:
        return level_key(skill_id), comment_key(skill_id)

    def items(
        self, skill_ids: Iterable[int], descriptions: Mapping[tuple[int, int], str]
    ) -> tuple[ReviewItem, ...]:
        """The given skills, in form order, ready to render; `descriptions` maps (skill id,
        level) to the skill's own words for that level."""
        wanted = set(skill_ids)
        return tuple(self._item(s, descriptions) for s in self.fielded if s.skill_id in wanted)

    def _item(self, skill: ReviewSkill, descriptions: Mapping[tuple[int, int], str]) -> ReviewItem:
        level, comment = self[level_key(skill.skill_id)], self[comment_key(skill.skill_id)]
        return ReviewItem(
            skill_id=skill.skill_id,
            skill_name=skill.name,
            name=level.html_name,
            options=level_options(level, skill.skill_id, descriptions),
            level_error=" ".join(level.errors),
            evidence=skill.evidence,
            comment_name=comment.html_name,
            comment_id=comment.auto_id,
            comment_value=comment.value() or "",
            comment_error=" ".join(comment.errors),
            fieldset_id=f"skill-{skill.skill_id}-fieldset",
            error_id=f"skill-{skill.skill_id}-error",
        )


def comment_key(skill_id: int) -> str:
    return f"comment-{skill_id}"


def _posted_skills(data: Mapping[str, Any]) -> set[int]:
    return {
        int(match["suffix"])
        for key in data
        if (match := _REVIEW_KEY.match(key))
        and match["suffix"].isascii()
        and match["suffix"].isdigit()
    }
