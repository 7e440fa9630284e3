"""Periodic order work run by Celery beat."""

from celery import shared_task

from .expiry import cancel_overdue_pickups


@shared_task(name="orders.tasks.cancel_overdue_pickup_orders")
def cancel_overdue_pickup_orders() -> list[int]:
    """Cancel pickup orders not collected by their deadline; return their ids."""
    return cancel_overdue_pickups()
