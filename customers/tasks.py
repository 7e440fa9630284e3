"""Timed work of the customers app, run by Celery beat."""

import logging

from celery import shared_task

from .bonuses import release_due_bonuses

logger = logging.getLogger(__name__)


@shared_task
def release_held_bonuses() -> int:
    """Make bonuses available whose return window has closed; safe to run twice."""
    released = release_due_bonuses()
    if released:
        logger.info("Released %s bonus holds", released)
    return released
