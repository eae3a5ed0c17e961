"""Who the report body speaks about: to its owner ("Your readiness", "you have rated") or,
on a share link, about them in the third person ("Ada's readiness", "Ada has rated").

One body of templates serves both pages; they take the words from a `Voice` in their
context instead of choosing between copies. Pure: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

# The third person for someone who chose no display name.
UNNAMED = "this person"


@dataclass(frozen=True)
class Voice:
    who: str  # "you", "Ada", "this person": the subject, mid-sentence
    whose: str  # "your", "Ada's", "this person's" (with a typographic apostrophe)
    their: str  # "your" or "their": the possessive once the person is named in a sentence
    have: str  # "have" or "has"
    are: str  # "are" or "is"
    s: str  # a present-tense verb's ending: "you rate", "Ada rates"

    # Capitalised, for the start of a sentence in a template.
    @property
    def Who(self) -> str:
        return _capitalise(self.who)

    @property
    def Whose(self) -> str:
        return _capitalise(self.whose)


def _capitalise(words: str) -> str:
    return words[:1].upper() + words[1:]


OWNER = Voice(who="you", whose="your", their="your", have="have", are="are", s="")


def about(name: str) -> Voice:
    """The third person, for a reader who is not the owner: by `name` (their display name),
    or as UNNAMED when it is empty."""
    who = name.strip() or UNNAMED
    return Voice(who=who, whose=f"{who}\u2019s", their="their", have="has", are="is", s="s")
