"""The request id inside a worker: taken from the message, on every log line of its job."""

from __future__ import annotations

import logging
from typing import Any

from dramatiq.middleware import Middleware

from ops import request_id

logger = logging.getLogger("tenantry.workers")


class JobRequestId(Middleware):
    """Puts the current request id into each message sent; sets the id of the message being
    processed on the worker thread and logs the job's start with it. Each worker thread has
    its own context, so concurrent jobs keep their own ids; the coroutine a job hands to the
    database loop takes the id along (workers/loop.py)."""

    def before_enqueue(self, broker: Any, message: Any, delay: Any) -> None:
        # Every message sent while a request (or a job) is under way carries its id; a
        # retry keeps the id its message already has.
        if "request_id" not in message.options:
            message.options.update(request_id.message_options())

    def before_process_message(self, broker: Any, message: Any) -> None:
        offered = message.options.get("request_id")
        request_id.current.set(request_id.accepted(offered if isinstance(offered, str) else None))
        logger.info(
            "job %s started",
            message.actor_name,
            extra={"fields": {"job": message.actor_name, "message_id": message.message_id}},
        )

    def after_process_message(
        self, broker: Any, message: Any, *, result: Any = None, exception: Any = None
    ) -> None:
        request_id.current.set(None)

    def after_skip_message(self, broker: Any, message: Any) -> None:
        request_id.current.set(None)
