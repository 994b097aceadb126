"""One HTTP attempt of one delivery, to an address the guard checked.

The client connects to that address (the URL carries it in place of the name), sends the
name in Host and, for https, as the TLS server name, so the certificate is verified for
the name while no second lookup happens. Redirects are never followed (a 3xx is a failed
attempt: a redirect could point anywhere, the guard's checks included), no proxy from the
environment is used (it would resolve the name itself), and only the first few KiB of an
answer are read: a receiver owes us a status code, not a body.
"""

from __future__ import annotations

import logging
import ssl
import time
from dataclasses import dataclass
from functools import cache

import anyio
import certifi
import httpx

from domain.webhooks.address_guard import Target

logger = logging.getLogger("tenantry.webhooks")

# How much of an answer is read (then the connection is closed).
MAX_RESPONSE_BYTES = 4096
# The shortest error text kept, per attempt (the attempt log's column holds 500).
MAX_ERROR = 300


@dataclass(frozen=True)
class Outcome:
    succeeded: bool
    status: int | None
    latency_ms: int
    error: str  # "" on success
    kind: str  # the metrics' outcome: success, http_status, timeout, network


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context per process: loading the trusted certificates costs ~20 ms, more
    than a whole delivery to a receiver on the same network."""
    return ssl.create_default_context(cafile=certifi.where())


def client(seconds: float) -> httpx.AsyncClient:
    """The client of one delivery pass (its connection to the pinned address is kept
    alive from one delivery to the next)."""
    return httpx.AsyncClient(
        follow_redirects=False, trust_env=False, timeout=httpx.Timeout(seconds), verify=_tls()
    )


async def post(
    http: httpx.AsyncClient, target: Target, headers: dict[str, str], body: bytes, seconds: float
) -> Outcome:
    """POST `body` to the target; never raises for what the receiver or network did."""
    started = time.monotonic()
    extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else {}
    request_headers = {
        **headers,
        "host": target.host_header,
        "content-type": "application/json",
        "user-agent": "Tenantry-Webhooks/1",
    }
    status: int | None = None
    try:
        # The whole attempt is bounded too: per-read timeouts alone would let a receiver
        # that drips a byte at a time hold the endpoint's lease.
        with anyio.fail_after(seconds * 2):
            async with http.stream(
                "POST",
                target.url,
                content=body,
                headers=request_headers,
                extensions=extensions,
            ) as response:
                status = response.status_code
                await _drain(response)
    except (TimeoutError, httpx.TimeoutException):
        if status is None:
            return _failed(started, status, f"no answer within {seconds:g} s", "timeout")
        # The answer's body is late (the whole exchange's bound ended it): the status
        # had come, and is the answer.
    except httpx.HTTPError as error:
        return _failed(started, status, f"{type(error).__name__}: {error}", "network")
    except OSError as error:
        return _failed(started, status, f"{type(error).__name__}: {error}", "network")
    except Exception as error:
        # Anything else (a header the client will not encode, a bug of ours or of the
        # client) is still one failed attempt: raised, it would leave the delivery
        # unrecorded and the endpoint due at once, failing the same way on every tick,
        # never backing off and never disabled, with every later event stuck behind it.
        logger.exception("webhook attempt to %s failed unexpectedly", target.host_header)
        return _failed(started, status, f"{type(error).__name__} (unexpected)", "network")
    if 200 <= status < 300:
        return Outcome(True, status, _elapsed(started), "", "success")
    why = "a redirect (never followed)" if 300 <= status < 400 else "not a 2xx status"
    return _failed(started, status, f"HTTP {status}: {why}", "http_status")


async def _drain(response: httpx.Response) -> None:
    """Read (and drop) the first few KiB of the answer's body, so that the connection can
    serve the next delivery. A body cut short or broken changes nothing: the status has
    come, and the receiver took the delivery (failing it would send it again, and again,
    to a receiver that answers 200 with a wrong Content-Length)."""
    read = 0
    try:
        async for chunk in response.aiter_raw():
            read += len(chunk)
            if read >= MAX_RESPONSE_BYTES:
                return
    except (httpx.HTTPError, OSError):
        return


def _elapsed(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _failed(started: float, status: int | None, error: str, kind: str) -> Outcome:
    return Outcome(False, status, _elapsed(started), error[:MAX_ERROR], kind)
