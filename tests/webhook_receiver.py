"""A real HTTP receiver on loopback for the webhook tests: a threaded http.server whose
answers the test scripts, one per request (the last repeats)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int = 200
    # Wait this long before answering (a slow receiver), or until `release` is set.
    delay: float = 0
    release: threading.Event | None = None
    location: str | None = None  # for a redirect


@dataclass
class Receiver:
    port: int = 0
    answers: list[Answer] = field(default_factory=lambda: [Answer()])
    received: list[Received] = field(default_factory=list)
    # Set when a request has arrived (and is being held, if its answer holds it).
    arrived: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def script(self, *answers: Answer | int) -> None:
        with self.lock:
            self.answers = [a if isinstance(a, Answer) else Answer(a) for a in answers]

    def _take(self, request: Received) -> Answer:
        with self.lock:
            self.received.append(request)
            answer = self.answers[0]
            if len(self.answers) > 1:
                self.answers.pop(0)
        self.arrived.set()
        return answer

    def wait_for(self, count: int, seconds: float = 60) -> list[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.received)} requests arrived, not {count}")


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = receiver._take(Received(self.path, headers, body))
            if answer.release is not None:
                answer.release.wait(timeout=120)
            elif answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(answer.status)
                if answer.location:
                    self.send_header("Location", answer.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the sender gave up (a timeout, or a killed worker)

        def log_message(self, format: str, *args: object) -> None:
            del format, args  # quiet: pytest shows failures, not every request

    return Handler


@contextmanager
def receiving(host: str = "127.0.0.1") -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer((host, 0), _handler(receiver))
    server.daemon_threads = True
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
