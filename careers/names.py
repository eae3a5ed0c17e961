"""How framework names are shown: pure functions, no Django.

ESCO writes its labels in lower case ("data scientist"); pages show them with a capital
first letter, and the stored text stays as ESCO wrote it so that a re-import matches it.
"""

from __future__ import annotations

from collections.abc import Iterable

ESCO_SOURCE_LABEL = "ESCO"
SOURCE_LABELS = {"esco": ESCO_SOURCE_LABEL}


def display_name(name: str) -> str:
    """`name` with a capital first letter, unless its first word already has a capital.

    "data scientist" -> "Data scientist"; "ICT business analyst" and "eBusiness manager"
    stay as they are, since their first word is already cased on purpose.
    """
    first_word = name.split(maxsplit=1)[0] if name.strip() else ""
    if not first_word or any(character.isupper() for character in first_word):
        return name
    index = name.index(first_word[0])
    return name[:index] + name[index].upper() + name[index + 1 :]


def source_label(source: str) -> str:
    """The short label that tells an imported record from a hand-made one ("" for those)."""
    return SOURCE_LABELS.get(source, source.upper())


def matching_label(name: str, labels: Iterable[str], text: str) -> str:
    """The first of `labels` (another name for a role or occupation) that contains `text`,
    whatever its case, when `name` itself does not ("" otherwise): shown beside a search
    result found by another name, e.g. *cosmologist* for "data scientist" ("cosmology
    data scientist")."""
    wanted = _fold(text)
    if not wanted or wanted in _fold(name):
        return ""
    return next((label for label in labels if wanted in _fold(label)), "")


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
