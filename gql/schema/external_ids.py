"""External ids and metadata in the API: entries, their inputs and their list filter."""

from __future__ import annotations

import strawberry

from domain.hierarchy.external_ids import (
    KEY_RULE,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_METADATA_VALUE_LENGTH,
    is_key,
)
from gql.errors import bad_request
from gql.schema.filters import MetadataFilter, filter_text

EXTERNAL_ID_DESCRIPTION = (
    "A billing system's id for it (up to 200 characters), unique where it lives: among its "
    "owner's organizations, or among its organization's users."
)
METADATA_DESCRIPTION = (
    "A billing system's key-value data about it, by key (at most 50 entries; values up to "
    "1,000 characters)."
)


@strawberry.type(description="One metadata entry: a key and its value.")
class MetadataEntry:
    key: str = strawberry.field(description=f"The key: {KEY_RULE}.")
    value: str = strawberry.field(
        description="What the billing system stored at the key, exactly as it was given."
    )


@strawberry.input(description="One metadata entry to store.")
class MetadataEntryInput:
    key: str = strawberry.field(description=f"The key: {KEY_RULE}; each key once.")
    value: str = strawberry.field(description="Its value (up to 1,000 characters, one line).")


def entries(metadata: dict[str, str] | None) -> list[MetadataEntry]:
    return [MetadataEntry(key=k, value=v) for k, v in sorted((metadata or {}).items())]


def pairs(given: list[MetadataEntryInput] | None) -> tuple[tuple[str, str], ...] | None:
    """The entries for the domain (None: not given, left as it is)."""
    return None if given is None else tuple((e.key, e.value) for e in given)


def external_id_filter(value: str | None, argument: str) -> str | None:
    return filter_text(value, argument, MAX_EXTERNAL_ID_LENGTH)


def metadata_filter(given: MetadataFilter | None, argument: str) -> tuple[str, str] | None:
    """(key, value), or BAD_REQUEST when no stored entry could match."""
    if given is None:
        return None
    if not is_key(given.key):
        raise bad_request(f"`{argument}.key` must be {KEY_RULE}.")
    value = filter_text(given.value, f"{argument}.value", MAX_METADATA_VALUE_LENGTH)
    return given.key, value or ""
