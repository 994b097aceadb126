"""The sequencer's nudge (workers/nudge.py): many requests asking within the delay cost one
message, sent off the event loop; a request asking after the send gets one of its own."""

from __future__ import annotations

import asyncio
import threading

from workers.nudge import Debounced


async def test_requests_asking_meanwhile_share_one_send_from_another_thread() -> None:
    sent: list[str] = []
    nudge = Debounced(lambda: sent.append(threading.current_thread().name), delay=0.02)
    for _ in range(50):
        nudge.soon()
    assert sent == []  # nothing on the request's path
    await asyncio.sleep(0.2)
    assert len(sent) == 1
    assert sent[0] != threading.current_thread().name
    nudge.soon()
    await asyncio.sleep(0.2)
    assert len(sent) == 2


def test_without_an_event_loop_it_sends_at_once() -> None:
    sent: list[int] = []
    Debounced(lambda: sent.append(1)).soon()
    assert sent == [1]
