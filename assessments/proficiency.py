"""The 0-5 proficiency scale (DESIGN.md §4): names and anchors shown wherever a level is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    means: str

    @property
    def label(self) -> str:
        """'3 Proficient'."""
        return f"{self.number} {self.name}"

    @property
    def anchor(self) -> str:
        """'3 Proficient — works independently on typical tasks'."""
        return f"{self.label} — {self.means}"


SCALE = (
    Level(0, "None", "no exposure yet"),
    Level(1, "Awareness", "knows what it is and when it is used"),
    Level(2, "Foundational", "does simple tasks with guidance"),
    Level(3, "Proficient", "works independently on typical tasks"),
    Level(4, "Advanced", "handles complex cases, guides others"),
    Level(5, "Expert", "sets direction, recognised authority"),
)


def level_label(number: int) -> str:
    """'3 Proficient' for 3."""
    return SCALE[number].label
