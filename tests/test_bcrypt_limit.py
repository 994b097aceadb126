"""At most BCRYPT_CONCURRENCY bcrypt computations run at once, on any event loop."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from collections.abc import Iterator

import pytest

from domain.security import passwords
from settings import get_settings


class Gauge:
    """Counts bcrypt computations running at the same moment (they run in threads)."""

    def __init__(self, stored: str) -> None:
        self.stored = stored  # a hash to verify against, made before counting began
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.calls = 0
        self.started = threading.Event()

    def __enter__(self) -> None:
        with self.lock:
            self.running += 1
            self.calls += 1
            self.peak = max(self.peak, self.running)
        self.started.set()

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.running -= 1


@pytest.fixture
def gauge(monkeypatch: pytest.MonkeyPatch) -> Gauge:
    """Instrument the bcrypt functions; each computation also takes a little longer, so
    computations that were allowed to overlap would."""
    gauge = Gauge(passwords._hash_sync("the password", 4))
    passwords._dummy_hash(4)  # burn_verification_time's decoy hash, made (and cached) now
    verify, hash_ = passwords._verify_sync, passwords._hash_sync

    def counting_verify(password: str, stored: str) -> bool:
        with gauge:
            time.sleep(0.01)
            return verify(password, stored)

    def counting_hash(password: str, rounds: int) -> str:
        with gauge:
            time.sleep(0.01)
            return hash_(password, rounds)

    monkeypatch.setattr(passwords, "_verify_sync", counting_verify)
    monkeypatch.setattr(passwords, "_hash_sync", counting_hash)
    return gauge


@pytest.fixture
def concurrency(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """BCRYPT_CONCURRENCY=1, read afresh, with no limiter created yet."""
    monkeypatch.setenv("BCRYPT_CONCURRENCY", "1")
    monkeypatch.setattr(passwords, "_limiters", weakref.WeakKeyDictionary())
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def _many_bcrypts(stored: str) -> None:
    """Ten bcrypt computations at once: checks, hashes and decoy checks."""
    await asyncio.gather(
        *(passwords.verify_password("a guess", stored) for _ in range(6)),
        *(passwords.hash_password("a new password", 4) for _ in range(2)),
        *(passwords.burn_verification_time(4) for _ in range(2)),
    )


async def test_one_at_a_time_with_a_limit_of_one(concurrency: None, gauge: Gauge) -> None:
    await _many_bcrypts(gauge.stored)

    assert gauge.calls == 10
    assert gauge.peak == 1


async def test_the_default_limit_is_two(gauge: Gauge) -> None:
    assert get_settings().bcrypt_concurrency == 2
    await asyncio.gather(*(passwords.verify_password("a guess", gauge.stored) for _ in range(8)))

    assert gauge.calls == 8
    assert 1 <= gauge.peak <= 2


async def test_each_event_loop_has_its_own_limiter(concurrency: None, gauge: Gauge) -> None:
    """An asyncio semaphore used on a second loop raises; dramatiq's worker threads and
    the tests run loops of their own."""
    await _many_bcrypts(gauge.stored)  # the semaphore of this loop has had waiters

    await asyncio.to_thread(asyncio.run, _many_bcrypts(gauge.stored))

    assert gauge.calls == 20
    assert gauge.peak == 1


async def test_a_cancelled_check_holds_its_slot_until_its_thread_ends(
    concurrency: None, gauge: Gauge
) -> None:
    first = asyncio.ensure_future(passwords.verify_password("a guess", gauge.stored))
    assert await asyncio.to_thread(gauge.started.wait, 10)  # its thread computes
    second = asyncio.ensure_future(passwords.verify_password("a guess", gauge.stored))
    await asyncio.sleep(0)  # the second one waits for the slot

    first.cancel()
    await asyncio.gather(first, second, return_exceptions=True)

    assert gauge.peak == 1
