"""examples/webhook_receiver.py works as the README says: a signed message is handled once
however often it comes, anything unsigned, altered, stale or malformed is refused.

The example uses the `standardwebhooks` package, which the project itself does not depend
on: where it is not installed, a stand-in written here from the Standard Webhooks
specification (v1: HMAC-SHA256 over "id.timestamp.body") takes its place."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import re
import sys
import threading
import time
import types
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.webhooks.secrets import key_of, new_secret

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RUN = EXAMPLES.parent / "scripts" / "run"
TOLERANCE = 5 * 60


class _VerificationError(Exception):
    pass


class _StandInWebhook:
    def __init__(self, secret: str) -> None:
        self._key = base64.b64decode(secret.removeprefix("whsec_"))

    def verify(self, body: bytes, headers: dict[str, str]) -> Any:
        message_id = headers.get("webhook-id")
        stamp = headers.get("webhook-timestamp")
        signatures = headers.get("webhook-signature")
        if not (message_id and stamp and signatures):
            raise _VerificationError("missing headers")
        if abs(time.time() - int(stamp)) > TOLERANCE:
            raise _VerificationError("stale")
        expected = hmac.new(self._key, f"{message_id}.{stamp}.".encode() + body, hashlib.sha256)
        for part in signatures.split(" "):
            version, signature = part.split(",")  # ValueError when malformed, as the package
            if version == "v1" and hmac.compare_digest(
                base64.b64decode(signature), expected.digest()
            ):
                return json.loads(body)
        raise _VerificationError("no matching signature")


def _receiver_module() -> types.ModuleType:
    try:
        importlib.import_module("standardwebhooks")
    except ImportError:
        stand_in = types.ModuleType("standardwebhooks")
        stand_in.Webhook = _StandInWebhook  # type: ignore[attr-defined]
        stand_in.WebhookVerificationError = _VerificationError  # type: ignore[attr-defined]
        sys.modules["standardwebhooks"] = stand_in
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module("webhook_receiver")
    finally:
        sys.path.remove(str(EXAMPLES))


SECRET = new_secret()


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    handled: list[dict[str, Any]] = []
    server = _receiver_module().make_server(SECRET, 0, handled.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handled
    finally:
        server.shutdown()
        server.server_close()


def signed(message_id: str, body: bytes, stamp: int | None = None) -> dict[str, str]:
    stamp = int(time.time()) if stamp is None else stamp
    mac = hmac.new(key_of(SECRET), f"{message_id}.{stamp}.".encode() + body, hashlib.sha256)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": "v1," + base64.b64encode(mac.digest()).decode(),
    }


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(  # noqa: S310 - a local test server
        url, data=body, headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


BODY = json.dumps({"type": "organization.updated", "timestamp": "x", "data": {"position": 7}})


def test_a_signed_message_is_handled_once_however_often_it_comes(
    receiver: tuple[str, list[dict[str, Any]]],
) -> None:
    url, handled = receiver
    body = BODY.encode()
    assert post(url, body, signed("msg_1", body)) == 204
    assert post(url, body, signed("msg_1", body)) == 204  # a retry: answered, not handled
    assert post(url, body, signed("msg_2", body)) == 204
    assert handled == [json.loads(BODY), json.loads(BODY)]


@pytest.mark.parametrize(
    "change",
    ["altered body", "other secret", "stale", "no headers", "malformed signature", "empty"],
)
def test_anything_not_signed_by_the_secret_now_is_refused(
    receiver: tuple[str, list[dict[str, Any]]], change: str
) -> None:
    url, handled = receiver
    body = BODY.encode()
    headers = signed("msg_1", body)
    if change == "altered body":
        body = body.replace(b"7", b"8")
    elif change == "other secret":
        mac = hmac.new(b"another key", b"msg_1." + headers["webhook-timestamp"].encode(), "sha256")
        headers["webhook-signature"] = "v1," + base64.b64encode(mac.digest()).decode()
    elif change == "stale":
        headers = signed("msg_1", body, stamp=int(time.time()) - 3600)
    elif change == "no headers":
        headers = {}
    elif change == "malformed signature":
        headers["webhook-signature"] = "not-a-signature"
    else:
        body = b""
    assert post(url, body, headers) == 400
    assert handled == []


def test_it_listens_beside_a_server_started_as_the_readme_says() -> None:
    """scripts/run serves on 8000: the receiver's own default must not take that port."""
    server_default = re.search(r"--port \"\$\{PORT:-(\d+)\}\"", RUN.read_text(encoding="utf-8"))
    assert server_default is not None
    assert int(server_default.group(1)) != _receiver_module().DEFAULT_PORT


def test_a_test_message_is_described_by_its_endpoint_not_as_an_event() -> None:
    describe = _receiver_module().describe
    test = {"type": "webhook.test", "timestamp": "x", "data": {"endpoint": "V2ViaG9v"}}
    assert describe(test) == "webhook.test for endpoint V2ViaG9v"
    assert describe(json.loads(BODY)) == "organization.updated 7 None"
