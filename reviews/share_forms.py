"""The owner's form for a new share link: how long it works, and whether notes go with it."""

from __future__ import annotations

from django import forms

from reviews.models import DEFAULT_SHARE_DAYS, SHARE_DAYS
from reviews.sharing import DAYS_ERROR

INCLUDE_NOTES = "on"
NOTES_ERROR = "Tick “Include my notes” or leave it unticked."


class ShareLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="The link works for",
        choices=[(days, f"{days} days") for days in SHARE_DAYS],
        coerce=int,
        # Absent or empty means the default, as the contract says (DESIGN §11).
        required=False,
        empty_value=DEFAULT_SHARE_DAYS,
        initial=DEFAULT_SHARE_DAYS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": DAYS_ERROR},
    )
    # Only a ticked box ("on") shares notes: anything else is refused, never read as yes.
    include_notes = forms.ChoiceField(
        label="Include my notes",
        choices=[(INCLUDE_NOTES, "Include my notes")],
        required=False,
        error_messages={"invalid_choice": NOTES_ERROR},
    )

    def clean_include_notes(self) -> bool:
        return self.cleaned_data["include_notes"] == INCLUDE_NOTES
