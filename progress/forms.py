"""The inputs of progress: a step's state and a goal date. Error messages are constants the
tests import."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django import forms

from progress.tracking import STATES

STATE_ERROR = "Choose a state: todo, doing or done."
STEP_ERROR = "That step is not on this plan."
DATE_FORMAT_ERROR = "Enter the date as YYYY-MM-DD, for example 2027-06-30."
DATE_PAST_ERROR = "Choose a date after today."
DATE_REQUIRED_ERROR = "Enter a date, or clear the goal."


class StepStateForm(forms.Form):
    step = forms.CharField(strip=False, error_messages={"required": STEP_ERROR})
    state = forms.CharField(strip=False, error_messages={"required": STATE_ERROR})

    def __init__(self, *args, keys: Collection[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys

    def clean_step(self) -> str:
        step = self.cleaned_data["step"]
        if step not in self.keys:
            raise forms.ValidationError(STEP_ERROR)
        return step

    def clean_state(self) -> str:
        state = self.cleaned_data["state"]
        if state not in STATES:
            raise forms.ValidationError(STATE_ERROR)
        return state


class GoalForm(forms.Form):
    target_date = forms.DateField(
        label="Goal date",
        input_formats=["%Y-%m-%d"],
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_FORMAT_ERROR},
    )
    action = forms.ChoiceField(choices=[("set", "set"), ("clear", "clear")], required=False)

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    @property
    def is_clear(self) -> bool:
        return self.cleaned_data.get("action") == "clear"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("action") == "clear" or "target_date" in self.errors:
            return cleaned
        target = cleaned.get("target_date")
        if target is None:
            self.add_error("target_date", DATE_REQUIRED_ERROR)
        elif target <= self.today:
            self.add_error("target_date", DATE_PAST_ERROR)
        return cleaned
