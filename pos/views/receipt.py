"""The printable receipt of a counter sale, read from the stored order lines.

TODO: this page is a sales slip (товарный чек) printed by the browser. The
fiscal receipt that 54-FZ requires comes from a fiscal register, which the
counter does not drive yet.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from djmoney.money import Money

import customers
from orders.models import Order

from ..access import cashier_required
from ..sale_screen import vat_rate_order


@require_GET
@cashier_required
def receipt(request, order_id: int):
    queryset = Order.objects.select_related("store", "terminal", "cashier", "customer").filter(
        channel=Order.Channel.COUNTER, terminal__isnull=False
    )
    order = get_object_or_404(queryset, pk=order_id)
    lines = list(order.lines.all())

    # Totals per rate add up the VAT stored on each line, never a recomputed one.
    vat_by_rate: dict[str, Money] = {}
    for line in lines:
        vat_by_rate[line.vat_rate] = vat_by_rate.get(line.vat_rate, Money(0, "RUB")) + line.vat_amount

    context = {
        "order": order,
        "terminal": order.terminal,
        "lines": lines,
        "vat_by_rate": sorted(vat_by_rate.items(), key=lambda item: vat_rate_order(item[0])),
        "payments": list(order.payments.all()),
        "sold_at": timezone.localtime(order.created_at, ZoneInfo(settings.TIME_ZONE)),
        # The balance now, not at the time of the sale: a reprint shows today's figure.
        "bonus_balance": customers.bonus_balance(order.customer) if order.customer else None,
        "held_bonus": customers.held_bonus_balance(order.customer) if order.customer else None,
    }
    return render(request, "pos/receipt.html", context)
