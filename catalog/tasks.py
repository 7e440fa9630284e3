"""Celery tasks of the catalog."""

from celery import shared_task

from . import import_runs


@shared_task
def run_catalog_import(import_id: int) -> None:
    """Run a catalog import queued from the admin; a repeated delivery does nothing."""
    import_runs.run_catalog_import(import_id)
