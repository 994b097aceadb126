"""The shape of a graphql-transport-ws message, checked before Strawberry reads it.

Strawberry indexes messages as the protocol types them: a message that is no object, a
`subscribe` whose payload is no object, or an id that is no string made it raise
(TypeError) out of the socket's handler, which logged a traceback and dropped the socket
without a close code. Each such message now closes with 4400 and a reason saying what
was wrong, as every other malformed message does.
"""

from __future__ import annotations

from typing import Any

# Message types that name an operation.
_WITH_ID = ("subscribe", "complete")
# Optional members of a subscribe payload, and the JSON type each must have.
_OPTIONAL: tuple[tuple[str, type, str], ...] = (
    ("variables", dict, "an object"),
    ("operationName", str, "a string"),
    ("extensions", dict, "an object"),
)


def malformed(message: Any) -> str | None:
    """Why a decoded message breaks the protocol's shape (a close reason), or None."""
    if not isinstance(message, dict):
        return "A message must be a JSON object"
    kind = message.get("type")
    if not isinstance(kind, str):
        return "A message needs a string type"
    if kind not in _WITH_ID:
        return None  # the rest of the protocol (and unknown types) is Strawberry's to judge
    id = message.get("id")
    if not isinstance(id, str) or not id:
        return f"A {kind} message needs a non-empty string id"
    if kind == "complete":
        return None
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return "A subscribe payload must be an object"
    if not isinstance(payload.get("query"), str):
        return "A subscribe payload needs a string query"
    for name, kind_of_value, described in _OPTIONAL:
        value = payload.get(name)
        if value is not None and not isinstance(value, kind_of_value):
            return f"A subscribe payload's {name} must be {described}"
    return None
