"""Turn fixtures/skill_levels.txt into careers.skilllevel records for import_framework.

    python scripts/build_skill_levels.py > /tmp/skill_levels.json
    python manage.py import_framework /tmp/skill_levels.json
    python manage.py export_framework > fixtures/careers.json

The text file is where the level descriptions are written and reviewed; the fixture is
generated from it, never edited by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "skill_levels.txt"
LEVEL_LINE = re.compile(r"^(?P<level>[1-5]) (?P<description>\S.*)$")


def parse(text: str) -> list[dict]:
    """One record per level line, under the last "## <skill slug>" heading."""
    records, skill = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("# "):
            continue
        if line.startswith("## "):
            skill = line[3:].strip()
            continue
        match = LEVEL_LINE.match(line)
        if skill is None or match is None:
            raise SystemExit(f"{SOURCE.name}:{number}: expected '<1-5> <description>'.")
        fields = {
            "skill": [skill],
            "level": int(match["level"]),
            "description": match["description"],
        }
        records.append({"model": "careers.skilllevel", "fields": fields})
    return records


if __name__ == "__main__":
    json.dump(parse(SOURCE.read_text(encoding="utf-8")), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
