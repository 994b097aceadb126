"""Password hashing: bcrypt over a SHA-256 pre-hash, always off the event loop.

bcrypt 5 refuses inputs over 72 bytes, and a 256-character Unicode password can be ~1 KB of
UTF-8. Hashing the password with SHA-256 first and bcrypting the base64 digest (44 bytes)
keeps every character significant. The stored hash carries a scheme prefix so the scheme
can change later without guessing.

Every bcrypt computation runs in a worker thread, and at most BCRYPT_CONCURRENCY of them
at once per process: a flood of logins waits its turn on the event loop (cheap) instead of
taking every core away from the requests that are not logins.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
import string
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

import anyio.to_thread
import bcrypt

from settings import get_settings

T = TypeVar("T")

SCHEME = "bcrypt-sha256$"
MIN_LENGTH = 8
MAX_LENGTH = 256


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def _hash_sync(password: str, rounds: int) -> str:
    return SCHEME + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode("ascii")


def _verify_sync(password: str, stored: str) -> bool:
    if not stored.startswith(SCHEME):
        return False
    try:
        return bcrypt.checkpw(_prehash(password), stored.removeprefix(SCHEME).encode("ascii"))
    except ValueError:  # a corrupt stored hash is a failed check, never a 500
        return False


# One semaphore per event loop: an asyncio primitive belongs to the loop it is first used
# on, and the app, the tests and dramatiq's worker threads each run their own loops. The
# limit therefore holds per loop, and a process serves requests on one loop.
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = asyncio.Semaphore(get_settings().bcrypt_concurrency)
    return limiter


# Computations whose caller stopped waiting, kept referenced until their thread ends.
_orphans: set[asyncio.Task[Any]] = set()


async def _bcrypt(function: Callable[..., T], *args: object) -> T:
    """Run a bcrypt computation in a worker thread once one of the process's
    BCRYPT_CONCURRENCY slots is free.

    A thread cannot be stopped: when the caller is cancelled (its client went away), the
    computation goes on and its slot is given back only when its thread ends, so the
    limit counts real threads.
    """
    limiter = _limiter()
    await limiter.acquire()
    try:
        work = asyncio.ensure_future(anyio.to_thread.run_sync(function, *args))
    except BaseException:
        limiter.release()
        raise

    def finished(task: asyncio.Task[T]) -> None:
        limiter.release()
        _orphans.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: an orphan's failure is nobody's to report

    work.add_done_callback(finished)
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        _orphans.add(work)
        raise


async def hash_password(password: str, rounds: int) -> str:
    """Hash a password for storage (in a worker thread: bcrypt takes ~0.3 s at cost 12)."""
    return await _bcrypt(_hash_sync, password, rounds)


async def verify_password(password: str, stored: str) -> bool:
    """Check a password against a stored hash, in a worker thread."""
    return await _bcrypt(_verify_sync, password, stored)


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> str:
    return _hash_sync(secrets.token_urlsafe(16), rounds)


def _burn_sync(rounds: int) -> None:
    _verify_sync(secrets.token_urlsafe(16), _dummy_hash(rounds))


async def burn_verification_time(rounds: int) -> None:
    """Spend what a real check costs, so unknown emails answer as slowly as wrong passwords.

    Runs in a worker thread, decoy hash included (building it is itself a bcrypt hash).
    Stored hashes keep the cost they were made with, so right after BCRYPT_ROUNDS changes
    the decoy and old hashes differ in cost until those passwords are set again.
    """
    await _bcrypt(_burn_sync, rounds)


def generate_password(length: int = 20) -> str:
    """A random password with every character class, for "generate one for me"."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%+="
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def password_problems(password: str, min_length: int = MIN_LENGTH) -> list[str]:
    """Why a password cannot be used: the checks every policy starts from."""
    problems = []
    if len(password) < min_length:
        problems.append(f"must be at least {min_length} characters long")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters long")
    if password and not password.strip():
        problems.append("must not be only white space")
    return problems
