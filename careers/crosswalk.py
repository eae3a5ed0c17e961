"""The ESCO crosswalk: the shipped skills that are the same skill as one of ESCO's.

`fixtures/esco_crosswalk.csv` is the reviewed list, one line a skill: the shipped skill's
name, ESCO's preferred label and its concept URI (ESCO v1.1.1). It lists true equivalents
only: a shipped skill with no ESCO skill of the same scope is left out rather than matched
to something near (Kubernetes has none; ESCO's "SPARK" is a Java web framework, not
Apache Spark; "use consulting techniques" is any advice to clients, where Consulting here
is advising on machine learning).

A crosswalked skill records the concept URI in `external_id` and keeps `source` empty: it
did not come from ESCO. The ESCO importer then reuses it for that concept, matching on the
URI alone, with its own name, description, level descriptions and learning steps
(DESIGN §13, §15).

`fixtures/careers.json` carries the URIs, so a fresh database has them from the seed; the
data migration `skill_esco_crosswalk` applies this file to databases seeded before it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

CROSSWALK = Path(__file__).resolve().parent.parent / "fixtures" / "esco_crosswalk.csv"
COLUMNS = ["skill", "esco_preferred_label", "esco_concept_uri"]
ESCO_SKILL_URI = "http://data.europa.eu/esco/skill/"

BAD_HEADER = "{name}: the header must be {expected}, not {found}."
BAD_LINE = "{name}, line {line}: {problem}."


@dataclass(frozen=True)
class Match:
    """One shipped skill and the ESCO skill it is the same as."""

    skill: str  # the shipped skill's name
    esco_label: str  # ESCO's preferred label, for the reader
    concept_uri: str


def read_crosswalk(path: Path = CROSSWALK) -> list[Match]:
    """The crosswalk's lines in file order. Raises ValueError naming the line for a bad
    header, an empty cell, a URI that is not an ESCO skill's, or a skill or URI listed twice."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    if not rows or rows[0] != COLUMNS:
        found = rows[0] if rows else "nothing"
        raise ValueError(BAD_HEADER.format(name=path.name, expected=COLUMNS, found=found))
    matches: list[Match] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        problem = _problem(row, seen)
        if problem:
            raise ValueError(BAD_LINE.format(name=path.name, line=line, problem=problem))
        matches.append(Match(*row))
        seen.update((row[0], row[2]))
    return matches


def _problem(row: list[str], seen: set[str]) -> str:
    if len(row) != len(COLUMNS) or not all(cell and cell == cell.strip() for cell in row):
        return f"expected {len(COLUMNS)} filled cells without spaces around them"
    skill, _, uri = row
    if not uri.startswith(ESCO_SKILL_URI):
        return f"{uri!r} is not an ESCO skill's concept URI"
    if skill in seen or uri in seen:
        return f"{skill!r} or {uri} is listed twice"
    return ""


def apply_crosswalk(skill_model, matches: list[Match]) -> int:
    """Record each match's concept URI on the hand-made skill of that name; return how many.

    Only a skill with neither a source nor an external id is changed, so an editor's own
    choice stays, and a URI another hand-made skill already records is not given twice.
    Works on the model or on a migration's historical model.
    """
    by_name = {match.skill: match for match in matches}
    taken = set(
        skill_model.objects.filter(source="", external_id__in=[m.concept_uri for m in matches])
        .order_by()
        .values_list("external_id", flat=True)
    )
    changed = []
    for skill in skill_model.objects.filter(name__in=by_name, source="", external_id=""):
        uri = by_name[skill.name].concept_uri
        if uri not in taken:
            skill.external_id = uri
            taken.add(uri)
            changed.append(skill)
    skill_model.objects.bulk_update(changed, ["external_id"])
    return len(changed)


def remove_crosswalk(skill_model, matches: list[Match]) -> int:
    """Undo apply_crosswalk: clear the URI of each hand-made skill that records its match's."""
    uris = {match.skill: match.concept_uri for match in matches}
    undone = [
        skill
        for skill in skill_model.objects.filter(name__in=uris, source="")
        if skill.external_id == uris[skill.name]
    ]
    for skill in undone:
        skill.external_id = ""
    skill_model.objects.bulk_update(undone, ["external_id"])
    return len(undone)
