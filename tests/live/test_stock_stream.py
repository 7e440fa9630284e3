import threading

import pytest
from django.db import transaction

from inventory import live_updates
from inventory.live_updates import FileBus, MemoryBus, RedisBus

from .. import factories


def test_memory_bus_delivers_to_every_subscriber():
    bus = MemoryBus()
    first, second = bus.subscribe(), bus.subscribe()

    bus.publish(frozenset({3, 5}))

    assert first.get(timeout=0.1) == {3, 5}
    assert second.get(timeout=0.1) == {3, 5}
    first.close()
    bus.publish(frozenset({7}))
    assert second.get(timeout=0.1) == {7}


def test_memory_bus_get_times_out_empty():
    subscription = MemoryBus().subscribe()

    assert subscription.get(timeout=0.05) == set()


def test_redis_bus_round_trip():
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    bus = RedisBus(url)
    subscription = bus.subscribe()
    subscription.get(timeout=0.2)

    bus.publish(frozenset({11, 12}))

    assert subscription.get(timeout=2) == {11, 12}
    subscription.close()


def test_stream_rejects_bad_variant_list(client):
    response = client.get("/live/stock/?variants=1,abc")

    assert response.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_stream_reports_committed_sale(client, settings, terminal):
    settings.VITRINA_LIVE_UPDATES_URL = "memory"
    watched = factories.make_variant(name="Декантер")
    other = factories.make_variant(name="Штопор")
    response = client.get(f"/live/stock/?variants={watched.pk}")
    chunks = iter(response.streaming_content)
    assert b"connected" in next(chunks)

    def sell_both():
        factories.put_stock(other, terminal.location, 1)
        factories.put_stock(watched, terminal.location, 2)

    seller = threading.Thread(target=sell_both)
    seller.start()
    seller.join()

    assert next(chunks) == f"event: stock\ndata: {watched.pk}\n\n".encode()
    response.close()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_publishes_nothing(settings, terminal):
    settings.VITRINA_LIVE_UPDATES_URL = "memory"
    variant = factories.make_variant()
    subscription = live_updates.get_bus().subscribe()

    with pytest.raises(RuntimeError), transaction.atomic():
        factories.put_stock(variant, terminal.location, 1)
        raise RuntimeError("roll back")

    assert subscription.get(timeout=0.2) == set()
    subscription.close()


def test_file_bus_carries_changes_between_processes(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "live-stock.log"
    subscription = FileBus(path).subscribe()
    publisher = (
        "from pathlib import Path; from inventory.live_updates import FileBus; "
        f"FileBus(Path({str(path)!r})).publish(frozenset({{4, 9}}))"
    )

    subprocess.run([sys.executable, "-c", publisher], check=True, cwd=settings_base_dir())

    assert subscription.get(timeout=2) == {4, 9}
    assert subscription.get(timeout=0.1) == set()


def test_file_bus_reader_follows_restarted_file(tmp_path, monkeypatch):
    bus = FileBus(tmp_path / "live-stock.log")
    subscription = bus.subscribe()
    bus.publish(frozenset({1}))
    assert subscription.get(timeout=1) == {1}
    monkeypatch.setattr(FileBus, "MAX_BYTES", 0)

    bus.publish(frozenset({2}))

    assert subscription.get(timeout=1) == {2}


def test_unknown_bus_url_rejected():
    with pytest.raises(ValueError, match="VITRINA_LIVE_UPDATES_URL"):
        live_updates.bus_for("amqp://127.0.0.1")


def settings_base_dir():
    from django.conf import settings

    return settings.BASE_DIR
