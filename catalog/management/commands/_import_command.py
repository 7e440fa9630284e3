"""What both import commands share: language, progress on stderr, the report, the exit code."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from catalog.importers.errors import ImportFailed


class ImportCommand(BaseCommand):
    def execute(self, *args, **options):
        # Reports are in Russian unless the shell asks for English (LANGUAGE=en).
        language = "en" if os.environ.get("LANGUAGE", "").lower().startswith("en") else "ru"
        with translation.override(language):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            report = self.run(options)
        except ImportFailed as error:
            raise CommandError(error.message()) from error
        self.stdout.write(str(report))

    def run(self, options):
        raise NotImplementedError

    def progress(self, percent: int) -> None:
        if self.verbosity >= 2:
            self.stderr.write(f"{percent}%")

    def fail_usage(self, message: str) -> None:
        raise CommandError(message)
