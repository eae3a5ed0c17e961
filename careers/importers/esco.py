"""Read ESCO's official CSV downloads into plain data; no Django here.

ESCO publishes two zips per version and language: the classification (occupations, skills,
the skills hierarchy) and the relations (occupation-skill relations, the broader relations
of the skills pillar). Both are read straight from the zip with the standard library, by
column name, since later versions add and move columns.

A zip is refused when its members unpack to more than a limit (a zip bomb), by the sizes
it declares before anything is unpacked. A declared size cannot lie: `zipfile` reads no
more than it, and a member that holds more fails its CRC check.

A skill's category is its level-1 group of the skills hierarchy (28 groups in v1.1.1),
reached by walking up `broaderRelationsSkillPillar.csv`. ESCO is a polyhierarchy, so a
skill can reach several: it takes the nearest, and among equally near ones the first in
`skillsHierarchy_en.csv`'s order.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

OCCUPATIONS_CSV = "occupations_en.csv"
SKILLS_CSV = "skills_en.csv"
HIERARCHY_CSV = "skillsHierarchy_en.csv"
RELATIONS_CSV = "occupationSkillRelations.csv"
BROADER_CSV = "broaderRelationsSkillPillar.csv"

OCCUPATION_COLUMNS = (
    "conceptUri",
    "code",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "description",
)
SKILL_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description")
HIERARCHY_COLUMNS = ("Level 1 URI", "Level 1 preferred term")
RELATION_COLUMNS = ("occupationUri", "relationType", "skillUri")
BROADER_COLUMNS = ("conceptUri", "broaderUri")

ESSENTIAL = "essential"
OPTIONAL = "optional"
RELATION_TYPES = (ESSENTIAL, OPTIONAL)

MEGABYTE = 1024 * 1024
DEFAULT_MAX_UNPACKED_BYTES = 300 * MEGABYTE
SEARCH_LIMIT = 50
CANDIDATE_LIMIT = 10

NOT_A_ZIP = "{name} is not a zip file."
ZIP_BOMB = (
    "{name} unpacks to more than {limit:,} MB: refused as a possible zip bomb. "
    "ESCO's own files unpack to under 30 MB."
)
UNREADABLE_ZIP = "{name} is damaged: {error}."
MISSING_CSV = "{name} has no {member}: is it ESCO's {kind} zip?"
MISSING_COLUMNS = "{member} in {name} lacks the column(s) {missing}; its header is: {header}."
MALFORMED_CSV = "{member} in {name} is not readable CSV: {error}."
NOT_UTF8 = "{member} in {name} is not UTF-8 text."
UNKNOWN_RELATION_TYPE = (
    "{member} in {name}, line {line}: relation type {value!r} is neither essential nor optional."
)
UNKNOWN_OCCUPATION = "No ESCO occupation has the code, concept URI or preferred label {ref!r}."
UNKNOWN_OCCUPATION_HINT = " Labels containing it: {candidates}."
AMBIGUOUS_OCCUPATION = "{ref!r} is the label of several occupations: {candidates}. Give a code."
UNKNOWN_GROUP = "No ESCO occupation is in ISCO group {group!r}."
UNKNOWN_SKILL = (
    "The relations give occupation {occupation!r} the skill {uri}, which the "
    "classification's {member} does not have: are the two zips of the same ESCO version?"
)
NO_SKILL_GROUP = "Skill {label!r} ({uri}) reaches no level-1 group of {member} through {broader}."

_VERSION_IN_NAME = re.compile(r"esco[-_ ]?v?(\d+(?:\.\d+)+)", re.IGNORECASE)

Source = str | Path | BinaryIO
Progress = Callable[[str], None]


class EscoError(Exception):
    """The files cannot be used as they are; the message names the problem.

    `kind` is "classification" or "relations" when one zip is at fault, else "".
    """

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Occupation:
    uri: str
    code: str
    isco_group: str
    label: str
    description: str
    alternative_labels: tuple[str, ...]

    @property
    def display(self) -> str:
        return f"{self.label} ({self.code})"


@dataclass(frozen=True, slots=True)
class Skill:
    uri: str
    label: str
    description: str
    alternative_labels: tuple[str, ...]
    category: str  # the label of its level-1 group


@dataclass(frozen=True, slots=True)
class Relation:
    skill: Skill
    essential: bool


@dataclass(frozen=True, slots=True)
class _SkillRow:
    label: str
    description: str
    alternative_labels: tuple[str, ...]


@dataclass
class Classification:
    """Both zips, indexed: occupations by URI, code and label; relations by occupation."""

    version: str
    occupations: dict[str, Occupation]
    skill_rows: dict[str, _SkillRow]
    relations: dict[str, list[tuple[str, bool]]]
    broader: dict[str, list[str]]
    # Level-1 group URI -> (position in the hierarchy file, label).
    groups: dict[str, tuple[int, str]]
    _by_code: dict[str, Occupation] = field(default_factory=dict, repr=False)
    _by_label: dict[str, list[Occupation]] = field(default_factory=dict, repr=False)
    _categories: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_label: dict[str, list[Occupation]] = defaultdict(list)
        for occupation in self.occupations.values():
            self._by_code[occupation.code] = occupation
            by_label[_fold(occupation.label)].append(occupation)
        self._by_label = dict(by_label)

    @property
    def relation_count(self) -> int:
        return sum(len(skills) for skills in self.relations.values())

    @property
    def category_labels(self) -> list[str]:
        """The level-1 groups' labels, in the hierarchy file's order."""
        return [label for _, label in sorted(self.groups.values())]

    def find_occupation(self, ref: str) -> Occupation:
        """The occupation with this ESCO code, concept URI or preferred label.

        Labels match whatever their case. Raises EscoError for no match, naming labels that
        contain `ref`, or for several, listing them.
        """
        ref = ref.strip()
        found = self.occupations.get(ref) or self._by_code.get(ref)
        if found is not None:
            return found
        matches = self._by_label.get(_fold(ref), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            candidates = ", ".join(o.display for o in sorted(matches, key=lambda o: o.code))
            raise EscoError(AMBIGUOUS_OCCUPATION.format(ref=ref, candidates=candidates))
        message = UNKNOWN_OCCUPATION.format(ref=ref)
        close = search_occupations(self.occupations.values(), ref, limit=CANDIDATE_LIMIT)
        if close:
            hint = ", ".join(o.display for o in close)
            message += UNKNOWN_OCCUPATION_HINT.format(candidates=hint)
        raise EscoError(message)

    def occupations_in_group(self, group: str) -> list[Occupation]:
        """Every occupation whose ISCO group code starts with `group` (e.g. 25, 2511), by code."""
        group = group.strip()
        found = [o for o in self.occupations.values() if group and o.isco_group.startswith(group)]
        if not found:
            raise EscoError(UNKNOWN_GROUP.format(group=group))
        return sorted(found, key=lambda o: _code_key(o.code))

    def relations_of(self, occupation: Occupation) -> list[Relation]:
        """The occupation's skills, each once (essential if ESCO lists it both ways),
        essential first, then by label.

        Raises EscoError if a relation names a skill the classification lacks, or a skill
        that reaches no level-1 group.
        """
        essential_by_uri: dict[str, bool] = {}
        for uri, essential in self.relations.get(occupation.uri, []):
            essential_by_uri[uri] = essential_by_uri.get(uri, False) or essential
        relations = [
            Relation(skill=self.skill(uri, occupation), essential=essential)
            for uri, essential in essential_by_uri.items()
        ]
        return sorted(relations, key=lambda r: (not r.essential, r.skill.label))

    def skill(self, uri: str, occupation: Occupation) -> Skill:
        row = self.skill_rows.get(uri)
        if row is None:
            raise EscoError(
                UNKNOWN_SKILL.format(occupation=occupation.label, uri=uri, member=SKILLS_CSV)
            )
        if uri not in self._categories:
            self._categories[uri] = self._nearest_group(uri, row.label)
        return Skill(uri, row.label, row.description, row.alternative_labels, self._categories[uri])

    def _nearest_group(self, uri: str, label: str) -> str:
        frontier, seen = [uri], {uri}
        while frontier:
            reached = [self.groups[uri] for uri in frontier if uri in self.groups]
            if reached:
                return min(reached)[1]
            following = []
            for uri in frontier:
                for parent in self.broader.get(uri, ()):
                    if parent not in seen:
                        seen.add(parent)
                        following.append(parent)
            frontier = following
        raise EscoError(
            NO_SKILL_GROUP.format(label=label, uri=uri, member=HIERARCHY_CSV, broader=BROADER_CSV)
        )


def version_from_filename(name: str) -> str:
    """'1.1.1' from ESCO's own file names ('esco-v1.1.1-classification-en-csv.zip'), else ''."""
    match = _VERSION_IN_NAME.search(Path(name).name)
    return match.group(1) if match else ""


def load_classification(
    classification: Source,
    relations: Source,
    *,
    version: str = "",
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
    progress: Progress | None = None,
) -> Classification:
    """Read and index both zips. Raises EscoError naming the file and the problem.

    `version` defaults to the one in the classification zip's file name ('' if none).
    """
    say = progress or _silent
    if not version and isinstance(classification, str | Path):
        version = version_from_filename(str(classification))
    say("Reading the classification zip")
    with _Zip(classification, "classification", max_unpacked_bytes) as zipped:
        zipped.check_declared_sizes([OCCUPATIONS_CSV, SKILLS_CSV, HIERARCHY_CSV])
        occupations = _read_occupations(zipped)
        skill_rows = {
            uri: _SkillRow(label, description, _labels(alternatives, label))
            for uri, label, alternatives, description in zipped.rows(SKILLS_CSV, SKILL_COLUMNS)
        }
        groups: dict[str, tuple[int, str]] = {}
        for uri, label in zipped.rows(HIERARCHY_CSV, HIERARCHY_COLUMNS):
            if uri and uri not in groups:
                groups[uri] = (len(groups), label)
    say(f"  {len(occupations):,} occupations, {len(skill_rows):,} skills, {len(groups)} groups")
    say("Reading the relations zip")
    with _Zip(relations, "relations", max_unpacked_bytes) as zipped:
        zipped.check_declared_sizes([RELATIONS_CSV, BROADER_CSV])
        by_occupation = _read_relations(zipped)
        broader: dict[str, list[str]] = defaultdict(list)
        for uri, parent in zipped.rows(BROADER_CSV, BROADER_COLUMNS):
            broader[uri].append(parent)
    loaded = Classification(
        version=version,
        occupations=occupations,
        skill_rows=skill_rows,
        relations=by_occupation,
        broader=dict(broader),
        groups=groups,
    )
    say(f"  {loaded.relation_count:,} occupation-skill relations")
    return loaded


def load_occupations(
    classification: Source, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
) -> list[Occupation]:
    """Only the occupations of the classification zip: enough to search them, and quick."""
    with _Zip(classification, "classification", max_unpacked_bytes) as zipped:
        zipped.check_declared_sizes([OCCUPATIONS_CSV])
        return list(_read_occupations(zipped).values())


def search_occupations(
    occupations: Iterator[Occupation] | list[Occupation] | object,
    text: str,
    *,
    limit: int = SEARCH_LIMIT,
) -> list[Occupation]:
    """Occupations whose preferred or alternative labels contain `text`, whatever the case.

    A preferred label equal to the text comes first, then labels starting with it, then
    the rest; alphabetical within each.
    """
    wanted = _fold(text)
    if not wanted:
        return []
    ranked = []
    for occupation in occupations:  # type: ignore[attr-defined]
        label = _fold(occupation.label)
        if label == wanted:
            rank = 0
        elif label.startswith(wanted):
            rank = 1
        elif wanted in label:
            rank = 2
        elif any(wanted in _fold(alternative) for alternative in occupation.alternative_labels):
            rank = 3
        else:
            continue
        ranked.append((rank, label, occupation))
    ranked.sort(key=lambda item: item[:2])
    return [occupation for _, _, occupation in ranked[:limit]]


def _read_occupations(zipped: _Zip) -> dict[str, Occupation]:
    # A few labels carry stray spaces (" food service worker" in v1.1.1): drop them.
    return {
        uri: Occupation(
            uri,
            code,
            isco.strip(),
            label.strip(),
            description,
            _labels(alternatives, label.strip()),
        )
        for uri, code, isco, label, alternatives, description in zipped.rows(
            OCCUPATIONS_CSV, OCCUPATION_COLUMNS
        )
    }


def _read_relations(zipped: _Zip) -> dict[str, list[tuple[str, bool]]]:
    by_occupation: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for line, (occupation, kind, skill) in enumerate(
        zipped.rows(RELATIONS_CSV, RELATION_COLUMNS), start=2
    ):
        if kind not in RELATION_TYPES:
            message = UNKNOWN_RELATION_TYPE.format(
                member=RELATIONS_CSV, name=zipped.name, line=line, value=kind
            )
            raise EscoError(message, zipped.kind)
        by_occupation[occupation].append((skill, kind == ESSENTIAL))
    return dict(by_occupation)


class _Zip:
    """One of ESCO's zips, open for reading CSV members by column name."""

    def __init__(self, source: Source, kind: str, max_unpacked_bytes: int) -> None:
        self.kind = kind
        self.name = _name_of(source, kind)
        try:
            self._zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise EscoError(NOT_A_ZIP.format(name=self.name), kind) from None
        except OSError as error:
            message = UNREADABLE_ZIP.format(name=self.name, error=error.strerror)
            raise EscoError(message, kind) from None
        self._limit = max_unpacked_bytes

    def __enter__(self) -> _Zip:
        return self

    def __exit__(self, *exc_info) -> None:
        self._zip.close()

    def check_declared_sizes(self, members: list[str]) -> None:
        declared = sum(self._info(member).file_size for member in members)
        if declared > self._limit:
            message = ZIP_BOMB.format(name=self.name, limit=self._limit // MEGABYTE)
            raise EscoError(message, self.kind)

    def rows(self, member: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """Each data row's values for `columns`, in that order ('' where a row is short)."""
        info = self._info(member)
        try:
            with self._zip.open(info) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                reader = csv.reader(text)
                positions = self._positions(member, next(reader, []), columns)
                width = max(positions) + 1
                for row in reader:
                    if len(row) < width:
                        if not any(row):
                            continue
                        row = row + [""] * (width - len(row))
                    yield tuple(row[position] for position in positions)
        except UnicodeDecodeError:
            raise EscoError(NOT_UTF8.format(member=member, name=self.name), self.kind) from None
        except csv.Error as error:
            message = MALFORMED_CSV.format(member=member, name=self.name, error=error)
            raise EscoError(message, self.kind) from None
        except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as error:
            message = UNREADABLE_ZIP.format(name=self.name, error=error)
            raise EscoError(message, self.kind) from None

    def _info(self, member: str) -> zipfile.ZipInfo:
        try:
            return self._zip.getinfo(member)
        except KeyError:
            message = MISSING_CSV.format(name=self.name, member=member, kind=self.kind)
            raise EscoError(message, self.kind) from None

    def _positions(self, member: str, header: list[str], columns: tuple[str, ...]) -> list[int]:
        names = [name.strip() for name in header]
        missing = [column for column in columns if column not in names]
        if missing:
            message = MISSING_COLUMNS.format(
                member=member,
                name=self.name,
                missing=", ".join(missing),
                header=", ".join(names) or "(empty)",
            )
            raise EscoError(message, self.kind)
        return [names.index(column) for column in columns]


def _name_of(source: Source, kind: str) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(getattr(source, "name", "") or f"the {kind} zip").name


def _labels(text: str, preferred: str) -> tuple[str, ...]:
    """The alternative labels, one a line in ESCO, without repeats or the preferred label."""
    lines = (line.strip() for line in text.splitlines())
    return tuple(dict.fromkeys(line for line in lines if line and line != preferred))


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _code_key(code: str) -> tuple[int | str, ...]:
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))


def _silent(message: str) -> None:
    pass
