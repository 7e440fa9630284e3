"""Fan-out of stock changes to open screens.

After a transaction that changed stock commits, the ids of the changed
variants are published on a bus. Each open screen holds a server-sent
events stream (inventory.live_views) that listens to the bus and tells the
browser which variants changed, so the browser re-fetches just those parts.

Three buses exist, chosen by settings.VITRINA_LIVE_UPDATES_URL:
- "redis://...": Redis pub/sub between processes and servers, for production;
- "file:///path": an append-only file on one machine, the embedded default,
  so that releases by the Celery worker and changes made from manage.py
  reach the web process's screens too;
- "memory": inside one process only, for tests.
"""

import logging
import os
import queue
import threading
import time
from collections.abc import Iterable
from functools import lru_cache, partial
from pathlib import Path

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


class FileSubscription:
    POLL_SECONDS = 0.05

    def __init__(self, path: Path):
        self._path = path
        self._inode, self._offset = self._stat()

    def _stat(self) -> tuple[int, int]:
        try:
            status = self._path.stat()
        except FileNotFoundError:
            return 0, 0
        return status.st_ino, status.st_size

    def get(self, timeout: float) -> set[int]:
        """Wait up to timeout seconds for lines appended since the last call and return their ids."""
        deadline = time.monotonic() + timeout
        while True:
            inode, size = self._stat()
            if inode != self._inode:
                # The publisher started a new file, so read it from the top.
                self._inode, self._offset = inode, 0
            if size > self._offset:
                return self._read_new()
            if time.monotonic() >= deadline:
                return set()
            time.sleep(self.POLL_SECONDS)

    def _read_new(self) -> set[int]:
        with open(self._path, "rb") as stream:
            stream.seek(self._offset)
            data = stream.read()
        complete = data[: data.rfind(b"\n") + 1]
        self._offset += len(complete)
        changed: set[int] = set()
        for line in complete.splitlines():
            changed |= _decode(line)
        return changed

    def close(self) -> None:
        pass


class FileBus:
    # Past this size the file is moved aside and a new one started. A reader
    # that was behind at that moment skips the lines it had not read yet.
    MAX_BYTES = 1_000_000

    def __init__(self, path: Path):
        self._path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def publish(self, variant_ids: frozenset[int]) -> None:
        line = (",".join(str(variant_id) for variant_id in sorted(variant_ids)) + "\n").encode()
        if self._path.exists() and self._path.stat().st_size > self.MAX_BYTES:
            os.replace(self._path, self._path.with_suffix(".old"))
        # On Linux one short write() to a file opened with O_APPEND lands whole
        # at the end, so lines from the web process and the worker do not mix.
        descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)

    def subscribe(self) -> FileSubscription:
        return FileSubscription(self._path)


def _decode(data: bytes | str) -> set[int]:
    text = data.decode() if isinstance(data, bytes) else data
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


@lru_cache(maxsize=None)
def bus_for(url: str) -> MemoryBus | RedisBus | FileBus:
    if url == "memory":
        return MemoryBus()
    if url.startswith("file://"):
        return FileBus(Path(url.removeprefix("file://")))
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBus(url)
    raise ValueError(f"VITRINA_LIVE_UPDATES_URL must be memory, file:///path or redis://..., got {url!r}")


def get_bus() -> MemoryBus | RedisBus | FileBus:
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
