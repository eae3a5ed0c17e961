"""manage.py import_esco: import occupations from ESCO's official CSV zips as roles."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careers.importers import esco
from careers.services import DEFAULT_LEVEL, ImportRefusedError, ImportSummary, import_occupations

NOTHING_CHOSEN = "Name at least one --occupation or --all-in-isco-group."


class Command(BaseCommand):
    help = (
        "Import ESCO occupations as roles with one rung each. Every related skill becomes a "
        "requirement at --level (default 3): essential skills at importance 4, optional ones "
        "at 2. Skills and roles are matched by ESCO concept URI, so a re-import updates "
        "names and descriptions, adds and removes requirements, keeps an editor's level and "
        "importance (unless --reset) and never duplicates anything. The import runs in one "
        "transaction: on any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--classification",
            required=True,
            help="ESCO's classification zip, e.g. esco-v1.1.1-classification-en-csv.zip.",
        )
        parser.add_argument(
            "--relations",
            required=True,
            help="ESCO's relations zip, e.g. esco-v1.1.1-relations-csv.zip.",
        )
        parser.add_argument(
            "--occupation",
            action="append",
            default=[],
            metavar="CODE|URI|LABEL",
            help="An ESCO code (2511.4), concept URI or exact preferred label. Repeatable.",
        )
        parser.add_argument(
            "--all-in-isco-group",
            action="append",
            default=[],
            metavar="CODE",
            help="Every occupation in an ISCO group, e.g. 2511 or 25. Repeatable.",
        )
        parser.add_argument(
            "--level",
            type=int,
            default=DEFAULT_LEVEL,
            help="Required level of every imported requirement, 1 to 5 (default 3).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Also reset existing requirements' level and importance to the rule's.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would happen; write nothing."
        )
        parser.add_argument(
            "--source-version",
            default="",
            help="The ESCO version recorded on what is imported; default: from the file name.",
        )

    def handle(self, *args, **options) -> None:
        if not options["occupation"] and not options["all_in_isco_group"]:
            raise CommandError(NOTHING_CHOSEN)
        try:
            classification = esco.load_classification(
                options["classification"],
                options["relations"],
                version=options["source_version"],
                max_unpacked_bytes=settings.ESCO_MAX_UNPACKED_BYTES,
                progress=self.stdout.write,
            )
            occupations = [classification.find_occupation(ref) for ref in options["occupation"]]
            for group in options["all_in_isco_group"]:
                occupations.extend(classification.occupations_in_group(group))
            self.stdout.write(f"Importing {len(occupations):,} occupation(s)")
            summary = import_occupations(
                classification=classification,
                occupations=occupations,
                level=options["level"],
                reset=options["reset"],
                dry_run=options["dry_run"],
            )
        except (esco.EscoError, ImportRefusedError) as error:
            raise CommandError(str(error)) from None
        self._report(summary)

    def _report(self, summary: ImportSummary) -> None:
        verb = "would" if summary.dry_run else "will"
        for entry in summary.occupations:
            state = "new role" if entry.is_new else "existing role"
            self.stdout.write(
                f"  {entry.code} {entry.label}: {state} {entry.role_name!r}, "
                f"{entry.requirement_count} requirements "
                f"(+{len(entry.added)} -{len(entry.removed)} ~{len(entry.changed)}); "
                f"{entry.crosswalk_matches}"
            )
            if entry.crosswalked:
                self.stdout.write(f"    reuses {', '.join(entry.crosswalked)}")
            for name in entry.removed:
                self.stdout.write(f"    {verb} remove {name}")
        heading = "Dry run, nothing written. It would do:" if summary.dry_run else "Done."
        self.stdout.write(self.style.SUCCESS(heading))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
