"""manage.py import_framework FILE: load a framework written by export_framework."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.framework_io import FrameworkImportError, import_framework


class Command(BaseCommand):
    help = (
        "Load the career framework from FILE, a JSON file written by export_framework "
        "(fixtures/careers.json works too). Records are matched by natural key: slug for "
        "categories, skills, roles and rungs; rung and skill for a requirement; skill and "
        "title for a learning step; skill and level for a skill level. A match is updated, "
        "anything else is created; records "
        "the file does not mention are left as they are, and an imported rung's next rungs "
        "become exactly the file's list. The whole file is checked before anything is "
        "written and imported in one transaction: if any record is invalid, nothing changes "
        "and the error names the record and the field."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file to import.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"Cannot read {file}: it is not UTF-8 text.") from None
        try:
            counts = import_framework(text)
        except FrameworkImportError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(
            f"{model._meta.verbose_name_plural} {count.created} created {count.updated} updated"
            for model, count in counts.items()
        )
        self.stdout.write(self.style.SUCCESS(f"Imported {file}: {summary}."))
