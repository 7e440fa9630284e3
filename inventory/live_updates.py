"""Fan-out of stock changes to open screens.

After a transaction that changed stock commits, the ids of the changed
variants are published on a bus. Each open screen holds a server-sent
events stream (inventory.live_views) that listens to the bus and tells the
browser which variants changed, so the browser re-fetches just those parts.

Two buses exist. The in-process bus serves the embedded default, where one
web process does the selling. The Redis bus (pub/sub) carries changes
between processes and servers in production, including releases made by
Celery workers. settings.VITRINA_LIVE_UPDATES_URL chooses: "memory" or a
redis:// URL.
"""

import logging
import queue
import threading
from collections.abc import Iterable
from functools import lru_cache, partial

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

CHANNEL = "vitrina:stock"


class MemorySubscription:
    def __init__(self, bus: "MemoryBus"):
        self._bus = bus
        self._queue: queue.Queue[frozenset[int]] = queue.Queue()

    def get(self, timeout: float) -> set[int]:
        """Wait up to timeout seconds and return the variant ids published meanwhile."""
        changed: set[int] = set()
        try:
            changed |= self._queue.get(timeout=timeout)
            while True:
                changed |= self._queue.get_nowait()
        except queue.Empty:
            pass
        return changed

    def close(self) -> None:
        self._bus.unsubscribe(self)


class MemoryBus:
    def __init__(self):
        self._lock = threading.Lock()
        self._subscriptions: list[MemorySubscription] = []

    def publish(self, variant_ids: frozenset[int]) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions)
        for subscription in subscriptions:
            subscription._queue.put(variant_ids)

    def subscribe(self) -> MemorySubscription:
        subscription = MemorySubscription(self)
        with self._lock:
            self._subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: MemorySubscription) -> None:
        with self._lock:
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)


class RedisSubscription:
    def __init__(self, client):
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(CHANNEL)

    def get(self, timeout: float) -> set[int]:
        changed: set[int] = set()
        message = self._pubsub.get_message(timeout=timeout)
        while message is not None:
            changed |= _decode(message["data"])
            message = self._pubsub.get_message(timeout=0)
        return changed

    def close(self) -> None:
        self._pubsub.close()


class RedisBus:
    def __init__(self, url: str):
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=5)

    def publish(self, variant_ids: frozenset[int]) -> None:
        self._client.publish(CHANNEL, ",".join(str(variant_id) for variant_id in sorted(variant_ids)))

    def subscribe(self) -> RedisSubscription:
        return RedisSubscription(self._client)


def _decode(data: bytes | str) -> set[int]:
    text = data.decode() if isinstance(data, bytes) else data
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


@lru_cache(maxsize=None)
def bus_for(url: str) -> MemoryBus | RedisBus:
    if url == "memory":
        return MemoryBus()
    return RedisBus(url)


def get_bus() -> MemoryBus | RedisBus:
    return bus_for(settings.VITRINA_LIVE_UPDATES_URL)


def publish_now(variant_ids: Iterable[int]) -> None:
    variant_ids = frozenset(variant_ids)
    if not variant_ids:
        return
    try:
        get_bus().publish(variant_ids)
    except Exception:
        # A sale has already committed; a lost notification only delays the
        # screens until their next refresh, so it must not fail the request.
        logger.exception("Publishing stock changes of variants %s failed", sorted(variant_ids))


def publish_on_commit(variant_ids: Iterable[int]) -> None:
    """Publish the changed variants once the current transaction commits; nothing if it rolls back."""
    transaction.on_commit(partial(publish_now, frozenset(variant_ids)))
