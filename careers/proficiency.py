"""The framework's vocabulary: the 0-5 proficiency scale (DESIGN.md §4), the bounds of a
required level and of importance, and what "ready" and "blocking" mean (§5).

Pure Python, so the pure scoring modules and the models share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_RATING, MAX_RATING = 0, 5  # a self-rating: 0 (None) to 5 (Expert)
MIN_LEVEL, MAX_LEVEL = 1, 5  # a required level: a requirement always asks for something
MIN_IMPORTANCE, MAX_IMPORTANCE = 1, 5
READY_THRESHOLD = 80.0  # readiness (%) at or above which, with nothing blocking, one is ready
BLOCKING_IMPORTANCE = 4  # a gap this important ...
BLOCKING_GAP = 2  # ... and at least this wide blocks readiness


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
