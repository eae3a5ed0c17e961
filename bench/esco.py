"""Time the ESCO import on the full official files, and report peak memory.

    .venv/bin/python bench/esco.py
    DATABASE_URL=postgres://app:app@127.0.0.1:54410/app .venv/bin/python bench/esco.py

Reads ESCO v1.1.1's zips from ../shared/data/esco/ beside the project (or SKILLGAP_ESCO_DIR,
or --classification/--relations). Into a fresh database (the SQLite file
/tmp/skillgap-bench-esco.sqlite3, or DATABASE_URL, which must be a throwaway database on this
machine: its public schema is dropped) with the shipped framework seeded, it times:

1. a plain `csv` pass over the five CSVs the import reads, for comparison;
2. loading and indexing both zips (`careers.importers.esco.load_classification`);
3. importing one occupation (data scientist), then importing it again (changes nothing);
4. importing the 69 occupations of ISCO group 25 (ICT professionals) into a framework
   without ESCO records, then again.

Memory is the process's peak resident set size after each step (it only grows). Prints a
table and writes bench/results/esco-<database>.json.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import LOOPBACK_NAMES, BenchError, reset_database, setup_django  # noqa: E402

ESCO_DIR = Path(os.environ.get("SKILLGAP_ESCO_DIR") or ROOT.parent / "shared" / "data" / "esco")
DEFAULT_URL = "sqlite:////tmp/skillgap-bench-esco.sqlite3"
OCCUPATION = "data scientist"
GROUP = "25"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--classification", type=Path, default=ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
    )
    parser.add_argument(
        "--relations", type=Path, default=ESCO_DIR / "esco-v1.1.1-relations-csv.zip"
    )
    return parser.parse_args()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def plain_csv_pass(classification: Path, relations: Path) -> int:
    """Rows of the five CSVs the import reads, with nothing done to them."""
    from careers.importers import esco

    members = {
        classification: [esco.OCCUPATIONS_CSV, esco.SKILLS_CSV, esco.HIERARCHY_CSV],
        relations: [esco.RELATIONS_CSV, esco.BROADER_CSV],
    }
    rows = 0
    for path, names in members.items():
        with zipfile.ZipFile(path) as zipped:
            for name in names:
                with zipped.open(name) as raw:
                    rows += sum(1 for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8")))
    return rows


def timed(results: list[dict], step: str, action):
    started = time.perf_counter()
    value = action()
    seconds = time.perf_counter() - started
    results.append({"step": step, "seconds": round(seconds, 3), "peak_rss_mb": round(peak_mb())})
    print(f"{step:<58} {seconds:7.2f} s  peak RSS {peak_mb():6.0f} MB", flush=True)
    return value


def main() -> None:
    args = parse_args()
    for path in (args.classification, args.relations):
        if not path.exists():
            raise SystemExit(f"{path} does not exist: set SKILLGAP_ESCO_DIR or pass the zips.")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    parts = urlsplit(url)
    if parts.scheme.startswith("postgres") and parts.hostname not in LOOPBACK_NAMES:
        raise BenchError(f"DATABASE_URL must point at this machine, not {parts.hostname!r}.")
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from careers.importers import esco
    from careers.models import Role, Skill, SkillCategory
    from careers.services import import_occupations

    reset_database()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_framework", verbosity=0, stdout=io.StringIO())
    print(f"ESCO import on {connection.vendor}, shipped framework seeded\n")

    results: list[dict] = []
    rows = timed(
        results,
        "plain csv pass over the five CSVs read",
        lambda: plain_csv_pass(args.classification, args.relations),
    )
    classification = timed(
        results,
        "load and index both zips",
        lambda: esco.load_classification(args.classification, args.relations),
    )
    one = [classification.find_occupation(OCCUPATION)]
    group = classification.occupations_in_group(GROUP)

    def run(occupations):
        return lambda: import_occupations(classification=classification, occupations=occupations)

    first = timed(results, f"import one occupation ({OCCUPATION})", run(one))
    timed(results, f"import {OCCUPATION} again (no change)", run(one))
    Role.objects.filter(source="esco").delete()
    Skill.objects.filter(source="esco").delete()
    SkillCategory.objects.filter(skills=None).delete()
    relations = sum(len(classification.relations_of(o)) for o in group)
    label = f"import ISCO group {GROUP} ({len(group)} occupations, {relations:,} relations)"
    summary = timed(results, label, run(group))
    timed(results, f"import ISCO group {GROUP} again (no change)", run(group))

    print(f"\ncsv rows read in the plain pass: {rows:,}")
    print(f"one occupation: {' '.join(first.lines())}")
    print(f"ISCO group {GROUP}: {' '.join(summary.lines())}")
    out = ROOT / "bench" / "results" / f"esco-{connection.vendor}.json"
    out.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "steps": results,
                "one_occupation": first.lines(),
                "isco_group_25": summary.lines(),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
