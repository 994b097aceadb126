"""External ids and metadata: what a billing system (or any outside system) stores on an
organization and on a user's membership to find its own records again (Plesk's
`external-id`, ZITADEL's metadata).

An organization's external id is unique among its owner's children, a membership's within
its organization: the unique indexes (owner_id, external_id) and (organization_id,
external_id) decide, so two concurrent writes of one id cannot both succeed. Metadata is a
small string-to-string map, replaced whole on every write. Who may set them is
`authority.may_set_external_ids` (docs/integrations.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tortoise import connections
from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.models import Model

from domain import validation
from domain.errors import DomainError, ErrorCode

MAX_EXTERNAL_ID_LENGTH = 200  # the column's length
MAX_METADATA_ENTRIES = 50
MAX_METADATA_VALUE_LENGTH = 1_000
# Keys are plain names (letters, digits, `_ . : -`, starting with a letter or digit): safe
# in any JSON path and in a log line, and a billing system never needs more.
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
KEY_RULE = "1 to 64 letters, digits, '_', '.', ':' or '-', starting with a letter or digit"


def external_id(value: str, field: Sequence[str]) -> str:
    return validation.text(value, list(field), max_length=MAX_EXTERNAL_ID_LENGTH, required=True)


def is_key(key: str) -> bool:
    return _KEY.fullmatch(key) is not None


def metadata(entries: Sequence[tuple[str, str]], field: Sequence[str]) -> dict[str, str]:
    """The entries as a map; INVALID naming the entry at fault (`field` + [index, part])."""
    if len(entries) > MAX_METADATA_ENTRIES:
        raise DomainError(
            ErrorCode.INVALID, f"At most {MAX_METADATA_ENTRIES} metadata entries.", field
        )
    result: dict[str, str] = {}
    with validation.AllFields() as checks:
        for index, (key, value) in enumerate(entries):
            at = [*field, str(index)]
            if not is_key(key):
                checks.errors.append(
                    DomainError(ErrorCode.INVALID, f"A key is {KEY_RULE}.", [*at, "key"])
                )
            elif key in result:
                checks.errors.append(
                    DomainError(ErrorCode.INVALID, "This key is given twice.", [*at, "key"])
                )
            cleaned = checks.check(
                validation.text, value, [*at, "value"], max_length=MAX_METADATA_VALUE_LENGTH
            )
            if cleaned is not None:
                result[key] = cleaned
    return result


def duplicate(field: Sequence[str], within: str) -> DomainError:
    return DomainError(
        ErrorCode.DUPLICATE, f"This external id is taken already within {within}.", field
    )


def _value_at(key: str) -> RawSQL:
    """The SQL of `metadata`'s value at `key`, as text (None where it has no such key).
    The key is spliced into the SQL: only a key `is_key` accepts may come here."""
    assert is_key(key), "validated by the caller"
    if connections.get("default").capabilities.dialect == "postgres":
        return RawSQL(f"\"metadata\" ->> '{key}'")
    return RawSQL(f'json_extract("metadata", \'$."{key}"\')')


def metadata_match(model: type[Model], key: str, value: str) -> Q:
    """The rows of `model` whose metadata holds `key` with exactly `value`."""
    matching = model.annotate(metadata_value=_value_at(key)).filter(metadata_value=value)
    return Q(id__in=Subquery(matching.values("id")))
