"""The import change page in Chromium: htmx polls the progress block until the report appears."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import import_runs
from catalog.models import CatalogImport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_block_polls_until_report(page, live_server, django_user_model, data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    django_user_model.objects.create_superuser(username="manager", password="manager-pass-1", email="m@x.test")
    feed = data / "variants.yml.xml"
    run = CatalogImport.objects.create(format="yml", file=SimpleUploadedFile(feed.name, feed.read_bytes()))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/catalog/catalogimport/{run.pk}/change/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", "manager-pass-1")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-progress")
    waiting = page.inner_text("#import-progress")

    import_runs.run_catalog_import(run.pk)
    page.wait_for_selector("#import-report", timeout=5000)

    assert "0 %" in waiting
    assert "100 %" in page.inner_text("#import-progress")
    assert "Товары: создано 2" in page.inner_text("#import-report")
