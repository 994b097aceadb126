"""Global ids: what the API and the event payloads call an object (`Type:hex` in URL-safe
base64, unpadded). One encoding for both, so an id from a webhook works in `node(id)`."""

from __future__ import annotations

import base64
from uuid import UUID


def global_id(type_name: str, object_id: UUID) -> str:
    raw = f"{type_name}:{object_id.hex}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
