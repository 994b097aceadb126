"""A tiny Tenantry webhook receiver: verifies each message's signature and handles each
message once, however many times it is delivered.

Standard library only, but for the `standardwebhooks` package (`pip install
standardwebhooks`), which checks the signature and the timestamp (messages older or newer
than five minutes are refused, so a captured request cannot be replayed later):

    WEBHOOK_SECRET=whsec_... python3 examples/webhook_receiver.py   # listens on :8001

(`PORT` and `HOST` choose another address; 8001 stays clear of Tenantry's own default,
8000, so both run on one machine as they come.)

Answer 2xx quickly once a message is safely handled: anything else, or no answer in
time, and Tenantry sends the same message again later (same `webhook-id`). This one keeps
the ids it has seen in memory; a real receiver records them in its own database, in the
same transaction as the effect of the message.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError

MAX_BODY = 1_000_000  # far above any event; refuse rather than read without end
REMEMBERED = 100_000  # ids kept for de-duplication (far more than five minutes' worth)


class SeenIds:
    """The webhook-ids already handled, the oldest forgotten first."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __contains__(self, message_id: object) -> bool:
        with self._lock:
            return message_id in self._ids

    def add(self, message_id: str) -> None:
        with self._lock:
            self._ids[message_id] = None
            while len(self._ids) > self._size:
                self._ids.popitem(last=False)


# Not Tenantry's port (8000), so the example runs beside a server started as the README says.
DEFAULT_PORT = 8001


def describe(message: dict[str, Any]) -> str:
    """One line for a message: an event's type, position and target, or a test's endpoint."""
    data = message.get("data", {})
    if message["type"] == "webhook.test":  # sendTestWebhook: no position, no target
        return f"webhook.test for endpoint {data.get('endpoint')}"
    return f"{message['type']} {data.get('position')} {data.get('target', {}).get('name')}"


def handle_event(message: dict[str, Any]) -> None:
    """Your code: here, print what arrived (flushed, so it shows at once in a log too)."""
    print(describe(message), flush=True)


def make_server(
    secret: str,
    port: int,
    handle: Callable[[dict[str, Any]], None] = handle_event,
    host: str = "127.0.0.1",
) -> ThreadingHTTPServer:
    webhook = Webhook(secret)
    seen = SeenIds()
    # One message handled at a time per id: two deliveries racing must not both run it.
    handling = threading.Lock()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                self._answer(413 if length > MAX_BODY else 400)
                return
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                message = webhook.verify(body, headers)
            except (WebhookVerificationError, ValueError):
                # A forged, altered, replayed or malformed request (a malformed signature
                # header can raise ValueError too): refuse it, never handle it.
                self._answer(400)
                return
            message_id = headers["webhook-id"]
            with handling:
                if message_id not in seen:
                    handle(message)
                    seen.add(message_id)
            self._answer(204)  # a repeat is answered like the first: it was handled

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # handle_event says what arrived

    return ThreadingHTTPServer((host, port), Receiver)


def main() -> None:
    secret = os.environ["WEBHOOK_SECRET"]
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    host = os.environ.get("HOST", "127.0.0.1")
    server = make_server(secret, port, host=host)
    print(json.dumps({"listening": f"http://{host}:{port}/"}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
