"""A login's directory properties (the address book's card: job title, phones, office),
kept in `User.properties` as a JSON object of the known keys only.

Who may change which: the login itself its own display name and phone numbers; its job
title and office are the organization's to state, so only an administrator with authority
over the login changes them (as its email and status).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from domain import validation
from domain.errors import DomainError, ErrorCode

# Key (as stored and as the GraphQL field is named) -> longest value.
PROPERTIES: dict[str, int] = {
    "displayName": 100,
    "jobTitle": 100,
    "office": 100,
    "phone": 32,
    "mobile": 32,
}
SELF_EDITABLE = frozenset({"displayName", "phone", "mobile"})
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{2,31}")


def _value(key: str, value: str, field: list[str]) -> str:
    cleaned = validation.text(value, field, max_length=PROPERTIES[key])
    if key in ("phone", "mobile") and cleaned and not _PHONE.fullmatch(cleaned):
        raise DomainError(ErrorCode.INVALID, "Use a phone number such as +49 30 1234567.", field)
    return cleaned


def merged(
    current: Mapping[str, str], changes: Mapping[str, Any], field: list[str]
) -> dict[str, str]:
    """`current` with `changes` applied: a value sets a property, None or an empty text
    removes it. Every property at fault is reported at once, at `field` + its key."""
    result = {key: value for key, value in current.items() if key in PROPERTIES}
    with validation.AllFields() as fields:
        for key, value in changes.items():
            cleaned = None if value is None else fields.check(_value, key, value, [*field, key])
            if cleaned:
                result[key] = cleaned
            else:
                result.pop(key, None)
    return result
