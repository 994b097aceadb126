"""The request id: taken from `X-Request-ID` when it is safe, made up otherwise, and carried
from the request into the log lines and the background jobs it causes."""

from __future__ import annotations

import contextvars
import re
import uuid

HEADER = "x-request-id"
MAX_LENGTH = 128
# Letters, digits and a few separators: what load balancers and tracing headers use. Anything
# else (spaces, quotes, control characters) could forge log fields or headers downstream.
_SAFE = re.compile(rf"[A-Za-z0-9._:@/+=-]{{1,{MAX_LENGTH}}}")

current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "tenantry_request_id", default=None
)


def accepted(candidate: str | None) -> str | None:
    """`candidate` if it is a usable request id, else None."""
    if candidate is None or _SAFE.fullmatch(candidate) is None:
        return None
    return candidate


def new() -> str:
    return uuid.uuid4().hex


def message_options() -> dict[str, str]:
    """Options for a dramatiq message sent now: the current request's id, if any."""
    request_id = current.get()
    return {"request_id": request_id} if request_id else {}


def carry_into(context: contextvars.Context) -> None:
    """Give `context` (about to run a job's coroutine elsewhere) the current request id."""
    context.run(current.set, current.get())
