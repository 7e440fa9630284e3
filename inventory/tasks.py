"""Periodic inventory work run by Celery beat."""

from celery import shared_task

from . import reservations


@shared_task(name="inventory.tasks.release_expired_holds")
def release_expired_holds() -> list[int]:
    """Release holds past their expiry; return the released reservation ids.

    Safe to run twice or in parallel: an already released hold is skipped.
    """
    return [reservation.pk for reservation in reservations.release_expired()]
