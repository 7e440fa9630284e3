"""Fixtures shared by every test module: the database flavour and the browser."""

import os
from pathlib import Path

import pytest
from django.db import connection

from . import factories


def pytest_collection_modifyitems(config, items):
    """Skip the tests that need PostgreSQL when the suite runs on SQLite."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to run it")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache, so that sign-in lockouts of one test do not leak into another."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def samples() -> Path:
    """The folder of real catalog files from 1C, MoySklad and a shop's YML feed, beside the checkout.

    Missing samples skip the test on a developer's machine but fail it in CI,
    where a skip would hide that the importer was never tried on them.
    """
    from django.conf import settings

    for folder in (Path(settings.BASE_DIR).parent / "shared" / "samples", Path("/work/shared/samples")):
        if folder.is_dir():
            return folder
    message = "sample catalog files not found in ../shared/samples or /work/shared/samples"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def store(db):
    return factories.make_store()


@pytest.fixture
def terminal(store):
    return factories.make_terminal(store)


@pytest.fixture
def cashier(db, django_user_model):
    return django_user_model.objects.create_user(username="kassir", password="kassir-test-1", first_name="Анна")


@pytest.fixture
def cashier_client(client, counter_cashier):
    """A test client signed in as a cashier. Each test folder defines counter_cashier with its own rights."""
    client.force_login(counter_cashier)
    return client


@pytest.fixture
def glass(terminal):
    """A wine glass at 1 500 ₽ with VAT 22 %, five on the shop floor."""
    variant = factories.make_variant("Бокал для вина", price="1500.00", barcode="4600000000017")
    factories.put_stock(variant, terminal.location, 5)
    return variant


@pytest.fixture
def book(terminal):
    """A book at 800 ₽ with VAT 10 %, two on the shop floor."""
    variant = factories.make_variant("Книга о вине", price="800.00", vat_rate="10", barcode="4600000000024")
    factories.put_stock(variant, terminal.location, 2)
    return variant


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; never a downloaded browser build."""
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium not found at {executable}: install Debian's chromium package or set CHROMIUM_PATH")

    # Playwright's sync API runs an event loop in this thread; Django would
    # then refuse ORM calls from the test body, which is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
