"""manage.py export_framework [FILE]: the career framework as fixture-compatible JSON."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careers.framework_io import export_framework


class Command(BaseCommand):
    help = (
        "Write the career framework (skill categories, skills, roles, rungs, requirements, "
        "learning steps) as JSON to FILE, or to standard output without one. The format is "
        "exactly dumpdata's with --natural-foreign --natural-primary --indent 2, so the file "
        "works as a fixture and with import_framework."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Where to write; standard output if omitted.")

    def handle(self, *args, file: str | None = None, **options) -> None:
        text = export_framework()
        if file is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.") from None
