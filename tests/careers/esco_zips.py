"""Small ESCO zips for tests: the official file and column names, a few real rows.

`write_esco_zips(folder)` writes the two zips and returns their paths; pass `edit` to change
the members first (drop a file, rename a column, add rows) for the bad-input cases.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

ESCO = "http://data.europa.eu/esco"
DATA_SCIENTIST = f"{ESCO}/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
DATA_ANALYST = f"{ESCO}/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
TECHNICAL_DIRECTOR = f"{ESCO}/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"

COLLECT_ICT_DATA = f"{ESCO}/skill/79e29b8b-47d1-470d-b7b1-32506bfe7d9a"
DATA_MINING = f"{ESCO}/skill/25f0ea33-b4a2-4f31-b7b4-7d20e827b180"
DATA_MODELS = f"{ESCO}/skill/fecf8a0d-62c4-4e71-9b03-0f4fc2ad7bf5"
RESEARCH_FUNDING = f"{ESCO}/skill/5f0082ab-2131-49b5-94d6-a1821daf57d6"
BIG_DATA = f"{ESCO}/skill/47a49cd6-097d-457a-9f7b-c290c14930d5"
MUSICAL_STAFF = f"{ESCO}/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"

SKILLS_PILLAR = f"{ESCO}/skill/335228d2-297d-4e0e-a6ee-bc6a8dc110d9"
KNOWLEDGE_PILLAR = f"{ESCO}/skill/c46fcb45-5c14-4ffa-abed-5a43f104bb22"
INFORMATION_SKILLS = f"{ESCO}/skill/0a2d70ee-d435-4965-9e96-702b2fb65740"
MANAGEMENT_SKILLS = f"{ESCO}/skill/8f18f987-33e2-4228-9efb-65de25d03330"
ICT = f"{ESCO}/isced-f/06"
ICT_061 = f"{ESCO}/isced-f/061"
ICT_0612 = f"{ESCO}/isced-f/0612"

OCCUPATIONS_HEADER = [
    "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
    "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition",
    "inScheme", "description", "code",
]  # fmt: skip
SKILLS_HEADER = [
    "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
    "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme",
    "description",
]  # fmt: skip
HIERARCHY_HEADER = [
    "Level 0 URI", "Level 0 preferred term", "Level 1 URI", "Level 1 preferred term",
    "Level 2 URI", "Level 2 preferred term", "Level 3 URI", "Level 3 preferred term",
    "Description", "Scope note", "Level 0 code", "Level 1 code", "Level 2 code", "Level 3 code",
]  # fmt: skip
RELATIONS_HEADER = ["occupationUri", "relationType", "skillType", "skillUri"]
BROADER_HEADER = ["conceptType", "conceptUri", "broaderType", "broaderUri"]

CLASSIFICATION_NAME = "esco-v1.1.1-classification-en-csv.zip"
RELATIONS_NAME = "esco-v1.1.1-relations-csv.zip"

Members = dict[str, list[dict[str, str]] | tuple[list[str], list[dict[str, str]]]]


def occupation(uri: str, code: str, label: str, description: str, alt: str = "") -> dict:
    return {
        "conceptType": "Occupation",
        "conceptUri": uri,
        "iscoGroup": code.split(".")[0],
        "preferredLabel": label,
        "altLabels": alt,
        "status": "released",
        "description": description,
        "code": code,
    }


def skill(uri: str, label: str, description: str, alt: str = "") -> dict:
    return {
        "conceptType": "KnowledgeSkillCompetence",
        "conceptUri": uri,
        "skillType": "skill/competence",
        "preferredLabel": label,
        "altLabels": alt,
        "status": "released",
        "description": description,
    }


def relation(occupation_uri: str, kind: str, skill_uri: str) -> dict:
    return {
        "occupationUri": occupation_uri,
        "relationType": kind,
        "skillType": "skill/competence",
        "skillUri": skill_uri,
    }


def broader(uri: str, parent: str) -> dict:
    return {"conceptType": "KnowledgeSkillCompetence", "conceptUri": uri, "broaderUri": parent}


def group(level0: tuple[str, str], level1: tuple[str, str] | None = None) -> dict:
    row = {"Level 0 URI": level0[0], "Level 0 preferred term": level0[1]}
    if level1:
        row |= {"Level 1 URI": level1[0], "Level 1 preferred term": level1[1]}
    return row


def classification_members() -> dict[str, tuple[list[str], list[dict]]]:
    skills_pillar = (SKILLS_PILLAR, "skills")
    knowledge = (KNOWLEDGE_PILLAR, "knowledge")
    return {
        "occupations_en.csv": (
            OCCUPATIONS_HEADER,
            [
                occupation(
                    DATA_SCIENTIST,
                    "2511.4",
                    "data scientist",
                    "Data scientists find and interpret rich data sources.",
                    "data research scientist\nresearch data scientist",
                ),
                occupation(
                    DATA_ANALYST,
                    "2511.3",
                    "data analyst",
                    "Data analysts import, inspect, clean, transform, validate and model data.",
                ),
                occupation(
                    TECHNICAL_DIRECTOR,
                    "2654.1.7",
                    "technical director",
                    "Technical directors realise the artistic visions of the creators.",
                    "head of technical",
                ),
            ],
        ),
        "skills_en.csv": (
            SKILLS_HEADER,
            [
                skill(COLLECT_ICT_DATA, "collect ICT data", "Collect data by designing methods."),
                skill(
                    DATA_MINING,
                    "data mining",
                    "The methods used to extract content.",
                    "data mining\nmining\nmining",
                ),
                skill(DATA_MODELS, "data models", "The techniques used to structure data."),
                skill(RESEARCH_FUNDING, "apply for research funding", "Identify funding sources."),
                skill(BIG_DATA, "analyse big data", "Collect and evaluate numerical data."),
                skill(MUSICAL_STAFF, "manage musical staff", "Assign and manage staff tasks."),
            ],
        ),
        "skillsHierarchy_en.csv": (
            HIERARCHY_HEADER,
            [
                group(skills_pillar),
                group(skills_pillar, (INFORMATION_SKILLS, "information skills")),
                group(skills_pillar, (MANAGEMENT_SKILLS, "management skills")),
                group(knowledge),
                group(knowledge, (ICT, "information and communication technologies (icts)")),
            ],
        ),
    }


def relations_members() -> dict[str, tuple[list[str], list[dict]]]:
    return {
        "occupationSkillRelations.csv": (
            RELATIONS_HEADER,
            [
                relation(DATA_SCIENTIST, "essential", COLLECT_ICT_DATA),
                relation(DATA_SCIENTIST, "essential", DATA_MINING),
                relation(DATA_SCIENTIST, "optional", DATA_MODELS),
                relation(DATA_SCIENTIST, "essential", RESEARCH_FUNDING),
                relation(DATA_ANALYST, "essential", COLLECT_ICT_DATA),
                relation(DATA_ANALYST, "optional", DATA_MINING),
                relation(DATA_ANALYST, "essential", BIG_DATA),
                relation(TECHNICAL_DIRECTOR, "essential", MUSICAL_STAFF),
            ],
        ),
        "broaderRelationsSkillPillar.csv": (
            BROADER_HEADER,
            [
                broader(INFORMATION_SKILLS, SKILLS_PILLAR),
                broader(MANAGEMENT_SKILLS, SKILLS_PILLAR),
                broader(ICT, KNOWLEDGE_PILLAR),
                broader(ICT_061, ICT),
                broader(ICT_0612, ICT_061),
                broader(COLLECT_ICT_DATA, INFORMATION_SKILLS),
                broader(DATA_MINING, ICT_0612),
                broader(DATA_MODELS, ICT_0612),
                broader(RESEARCH_FUNDING, INFORMATION_SKILLS),
                broader(BIG_DATA, INFORMATION_SKILLS),
                broader(MUSICAL_STAFF, MANAGEMENT_SKILLS),
            ],
        ),
    }


def csv_text(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_zip(path: Path, members: dict[str, tuple[list[str], list[dict]] | str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in members.items():
            if isinstance(content, tuple):
                content = csv_text(*content)
            zipped.writestr(name, content)
    return path


def write_esco_zips(
    folder: Path,
    *,
    edit_classification: Callable[[dict], None] | None = None,
    edit_relations: Callable[[dict], None] | None = None,
) -> tuple[Path, Path]:
    """The classification and relations zips, each edited first if asked."""
    classification, relations = classification_members(), relations_members()
    if edit_classification:
        edit_classification(classification)
    if edit_relations:
        edit_relations(relations)
    return (
        write_zip(folder / CLASSIFICATION_NAME, classification),
        write_zip(folder / RELATIONS_NAME, relations),
    )
