"""manage.py import_yml FEED.xml"""

from catalog.importers.yml import import_yml

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import a YML (Yandex Market Language) feed in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("feed", metavar="FEED", help="the YML file")

    def run(self, options):
        return import_yml(options["feed"], progress=self.progress)
