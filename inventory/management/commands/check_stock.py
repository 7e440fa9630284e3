"""manage.py check_stock: compare stored stock with the ledger and the reservations."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inventory.models import Stock
from inventory.reconciliation import find_stock_problems


class Command(BaseCommand):
    help = _(
        "Recompute stock on hand from the ledger and reserved from active reservations; "
        "list every difference and exit with status 1 if there is any."
    )

    def handle(self, *args, **options):
        problems = find_stock_problems()
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext("%(count)d stock problem found.", "%(count)d stock problems found.", len(problems))
                % {"count": len(problems)}
            )

        rows = Stock.objects.count()
        self.stdout.write(
            ngettext(
                "Stock OK: %(count)d stock row matches the ledger and the reservations.",
                "Stock OK: %(count)d stock rows match the ledger and the reservations.",
                rows,
            )
            % {"count": rows}
        )
