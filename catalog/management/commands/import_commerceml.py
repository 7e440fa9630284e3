"""manage.py import_commerceml IMPORT.xml [OFFERS.xml]"""

from catalog.importers.commerceml import import_commerceml

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import a CommerceML catalog (1C, MoySklad, Bitrix): import.xml, offers.xml or both, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="import.xml and/or offers.xml, in this order")

    def run(self, options):
        if len(options["files"]) > 2:
            self.fail_usage("Give at most two files: import.xml and offers.xml.")
        return import_commerceml(options["files"], progress=self.progress)
