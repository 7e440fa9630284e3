"""Cancelling pickup orders that were not collected in time."""

import logging
from datetime import datetime

from django.utils import timezone

from .models import Order
from .placement import cancel_order

logger = logging.getLogger(__name__)


def cancel_overdue_pickups(now: datetime | None = None) -> list[int]:
    """Cancel new pickup orders past their pickup deadline, releasing their stock; return their ids."""
    now = now or timezone.now()
    overdue = Order.objects.filter(
        fulfilment=Order.Fulfilment.PICKUP, status=Order.Status.NEW, pickup_deadline__lt=now
    ).order_by("pk")

    cancelled = []
    for order in overdue:
        # cancel_order re-reads the order under a row lock and skips it when
        # the counter handed it over in the meantime.
        if cancel_order(order).status == Order.Status.CANCELLED:
            cancelled.append(order.pk)
    if cancelled:
        logger.info("Cancelled %d pickup orders past their deadline: %s", len(cancelled), cancelled)
    return cancelled
