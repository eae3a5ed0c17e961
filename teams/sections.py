"""What teams adds to the dashboard and to a person's data, through the registry of
assessments (assessments.sections), filled in TeamsConfig.ready()."""

from __future__ import annotations

from typing import Any

from assessments import sections
from teams.inputs import any_team, load_my_teams
from teams.models import Membership
from teams.services import hand_over_teams


def _personal_data(user) -> dict[str, Any]:
    """The person's teams, with their role and sharing choice."""
    return {
        "teams": [
            {
                "team": membership.team.name,
                "role": "manager" if membership.is_manager else "member",
                "sharing": membership.shares,
                "joined_at": membership.joined_at.isoformat() if membership.joined_at else None,
            }
            for membership in Membership.objects.for_person(user)
            .select_related("team")
            .order_by("joined_at", "pk")
        ]
    }


def register() -> None:
    sections.register(
        sections.Section(
            name="teams",
            dashboard=load_my_teams,
            dashboard_template="teams/_dashboard_teams.html",
            dashboard_any=any_team,
            dashboard_empty=(),
            personal_data=_personal_data,
            # A team the person alone manages passes to another member; the memberships go
            # by cascade.
            before_delete=lambda user: hand_over_teams(person=user),
            personal_models=("teams.Membership",),
        )
    )
