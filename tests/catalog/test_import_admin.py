"""The catalog import admin: upload, Celery task after commit, progress partial, report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import import_runs
from catalog.models import CatalogImport, PriceType, Product
from catalog.tasks import run_catalog_import
from inventory.models import Movement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_and_eager_tasks(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(import_runs, "PROGRESS_DIR", tmp_path / "progress")
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    # The Celery app read its configuration when it was first used, so the
    # settings override alone may come too late.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")


def start_import(admin_client, django_capture_on_commit_callbacks, **files):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:catalog_catalogimport_add"), files)
    return response


def test_upload_runs_import(admin_client, django_capture_on_commit_callbacks, data):
    response = start_import(
        admin_client, django_capture_on_commit_callbacks, format="commerceml",
        file=upload(data / "namespaced_import.xml"), offers_file=upload(data / "namespaced_offers.xml"),
    )

    run = CatalogImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_catalogimport_change", args=[run.pk])
    assert run.status == CatalogImport.Status.DONE
    assert run.progress == 100
    assert Product.objects.filter(external_id="p-bordeaux").exists()


def test_progress_partial_shows_report(admin_client, django_capture_on_commit_callbacks, data):
    start_import(admin_client, django_capture_on_commit_callbacks, format="yml", file=upload(data / "variants.yml.xml"))
    run = CatalogImport.objects.get()

    response = admin_client.get(
        reverse("admin:catalog_catalogimport_progress", args=[run.pk]), headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="100"' in content
    assert "hx-get" not in content
    assert "Товары: создано 2, обновлено 0, без изменений 0, пропущено 0" in content


def test_change_page_polls_while_waiting(admin_client, data, tmp_path):
    run = CatalogImport.objects.create(format="yml", file=upload(data / "variants.yml.xml"))

    response = admin_client.get(reverse("admin:catalog_catalogimport_change", args=[run.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert f'hx-get="{reverse("admin:catalog_catalogimport_progress", args=[run.pk])}"' in content
    assert 'hx-trigger="every 1s"' in content
    assert "htmx-2.min.js" in content


def test_live_progress_read_while_running(data):
    run = CatalogImport.objects.create(format="yml", file=upload(data / "variants.yml.xml"), status="running")
    import_runs.write_progress(run.pk, 42)

    assert import_runs.current_progress(run) == 42


def test_broken_file_fails_with_message(admin_client, django_capture_on_commit_callbacks, data):
    start_import(
        admin_client, django_capture_on_commit_callbacks, format="commerceml",
        file=upload(data / "bad_price_offers.xml"),
    )
    run = CatalogImport.objects.get()

    response = admin_client.get(reverse("admin:catalog_catalogimport_progress", args=[run.pk]))

    assert run.status == CatalogImport.Status.FAILED
    assert "Предложение, строка 29: цена &quot;abc&quot; не число" in response.content.decode()
    assert Product.objects.count() == 0


def test_task_runs_once(admin_client, django_capture_on_commit_callbacks, data):
    start_import(admin_client, django_capture_on_commit_callbacks, format="yml", file=upload(data / "variants.yml.xml"))
    run = CatalogImport.objects.get()
    movements = Movement.objects.count()
    report = run.report

    run_catalog_import(run.pk)

    run.refresh_from_db()
    assert Movement.objects.count() == movements
    assert run.report == report


def test_yml_with_offers_file_rejected(admin_client, data):
    response = admin_client.post(
        reverse("admin:catalog_catalogimport_add"),
        {"format": "yml", "file": upload(data / "variants.yml.xml"), "offers_file": upload(data / "prefixed.xml")},
    )

    assert response.status_code == 200
    assert CatalogImport.objects.count() == 0


def test_price_type_retail_moves(admin_client):
    old = PriceType.objects.create(name="Розничная", external_id="retail", is_retail=True)
    new = PriceType.objects.create(name="Оптовая", external_id="wholesale")

    response = admin_client.post(
        reverse("admin:catalog_pricetype_change", args=[new.pk]),
        {"name": "Оптовая", "external_id": "wholesale", "currency": "RUB", "retail": "on"},
    )

    old.refresh_from_db()
    new.refresh_from_db()
    assert response.status_code == 302
    assert new.is_retail
    assert not old.is_retail


@pytest.mark.parametrize("model", ["product", "variant", "category", "pricetype", "catalogimport"])
def test_admin_lists_open(admin_client, model):
    response = admin_client.get(reverse(f"admin:catalog_{model}_changelist"))

    assert response.status_code == 200


def test_retail_switch_updates_sale_flags(admin_client):
    from djmoney.money import Money

    from catalog.models import Price, Product, Variant

    retail = PriceType.objects.create(name="Розничная", external_id="retail", is_retail=True)
    wholesale = PriceType.objects.create(name="Оптовая", external_id="wholesale")
    product = Product.objects.create(name="Штопор")
    both = Variant.objects.create(product=product, sku="BOTH")
    retail_only = Variant.objects.create(product=product, sku="RETAIL-ONLY")
    Price.objects.create(variant=both, price_type=retail, amount=Money(900, "RUB"))
    Price.objects.create(variant=both, price_type=wholesale, amount=Money(700, "RUB"))
    Price.objects.create(variant=retail_only, price_type=retail, amount=Money(800, "RUB"))

    response = admin_client.post(
        reverse("admin:catalog_pricetype_changelist"),
        {"action": "mark_retail", "_selected_action": [wholesale.pk]},
        follow=True,
    )

    both.refresh_from_db()
    retail_only.refresh_from_db()
    assert both.is_for_sale
    assert not retail_only.is_for_sale
    assert "без розничной цены: 1" in response.content.decode()
