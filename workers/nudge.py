"""A nudge sent a moment after it is asked for, once for every request asking meanwhile.

Sending a broker message costs a round trip (a Redis script, 1-2 ms) that blocks the
event loop: paid by every mutation, it was the whole cost of the event stream to a
request. Instead the request only asks (`soon`); the message goes out DELAY later, from
a thread, covering every request that asked in between. A request asks after its commit,
so the run the message starts sees its events. A process that stops before sending
leaves them to the scheduler's next tick.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

logger = logging.getLogger("tenantry.workers")

DELAY_SECONDS = 0.05


class Debounced:
    def __init__(self, send: Callable[[], object], delay: float = DELAY_SECONDS) -> None:
        self._send = send
        self._delay = delay
        self._waiting = False
        self._sending: set[asyncio.Future[object]] = set()  # referenced until done

    def soon(self) -> None:
        """Ask for a send within `delay` (now, without a running event loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._send()
            return
        if self._waiting:
            return
        self._waiting = True
        loop.call_later(self._delay, self._fire, loop)

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        # Cleared before sending: a request that asks during the send gets a send of its
        # own, which its events may need (the running one may have read before its commit).
        self._waiting = False
        future = loop.run_in_executor(None, self._send)
        self._sending.add(future)
        future.add_done_callback(self._sending.discard)
