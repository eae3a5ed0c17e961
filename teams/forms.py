"""The teams' forms: validate and normalise only; the services write."""

from __future__ import annotations

from django import forms

from teams.models import NAME_MAX_LENGTH

CONSENT = "on"  # what a ticked checkbox sends
NAME_REQUIRED = "Give the team a name."
NAME_TOO_LONG = f"Keep the team's name to {NAME_MAX_LENGTH} characters or fewer."
SHARE_LABEL = "Share my latest ratings with this team's managers"
SHARE_HELP = (
    "Managers then see your latest submitted rating of each skill, and your readiness, on "
    "the team's pages. Never your notes or evidence links. You can stop sharing, or leave "
    "the team, at any time."
)


class TeamNameForm(forms.Form):
    name = forms.CharField(
        label="Team name",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": NAME_REQUIRED, "max_length": NAME_TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class ShareForm(forms.Form):
    """Joining, or changing one's mind: `share` is on only when ticked."""

    share = forms.BooleanField(label=SHARE_LABEL, help_text=SHARE_HELP, required=False)

    def clean_share(self) -> bool:
        # Consent is the ticked box's own value ("on"), not anything that happens to be truthy.
        return self.data.get("share") == CONSENT
