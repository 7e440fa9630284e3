"""The server-sent events stream that tells open screens which variants changed.

The browser (static/vitrina/live.js) opens /live/stock/?variants=1,2,3 and
gets an event "stock" with the ids of the changed variants among those.
Under ASGI (uvicorn) the stream is an async generator; under WSGI (the
development server, the test server) a plain generator, because Django
buffers a stream whose kind does not match the server's.
"""

import asyncio
import time

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse

from .live_updates import get_bus

# Each stream ends after this many seconds; EventSource reconnects by itself,
# so no worker or socket is held forever by a screen left open overnight.
STREAM_SECONDS = 300
HEARTBEAT_SECONDS = 15
MAX_VARIANTS = 500


def _parse_variants(raw: str) -> set[int] | None:
    parts = [part for part in raw.split(",") if part]
    if len(parts) > MAX_VARIANTS or not all(part.isdigit() for part in parts):
        return None
    return {int(part) for part in parts}


def _event(changed: set[int]) -> str:
    return f"event: stock\ndata: {','.join(str(variant_id) for variant_id in sorted(changed))}\n\n"


def _sync_stream(wanted: set[int]):
    subscription = get_bus().subscribe()
    try:
        yield "retry: 1000\n: connected\n\n"
        deadline = time.monotonic() + STREAM_SECONDS
        last_beat = time.monotonic()
        while time.monotonic() < deadline:
            changed = subscription.get(timeout=1.0) & wanted
            if changed:
                yield _event(changed)
            elif time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                yield ": heartbeat\n\n"
    finally:
        subscription.close()


async def _async_stream(wanted: set[int]):
    subscription = await asyncio.to_thread(get_bus().subscribe)
    try:
        yield "retry: 1000\n: connected\n\n"
        deadline = time.monotonic() + STREAM_SECONDS
        last_beat = time.monotonic()
        while time.monotonic() < deadline:
            changed = await asyncio.to_thread(subscription.get, 1.0) & wanted
            if changed:
                yield _event(changed)
            elif time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                yield ": heartbeat\n\n"
    finally:
        await asyncio.to_thread(subscription.close)


def stock_stream(request: HttpRequest):
    wanted = _parse_variants(request.GET.get("variants", ""))
    if wanted is None:
        return HttpResponseBadRequest(f"variants must be up to {MAX_VARIANTS} comma-separated ids")

    stream = _async_stream(wanted) if isinstance(request, ASGIRequest) else _sync_stream(wanted)
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
