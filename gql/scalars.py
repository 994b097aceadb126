"""Scalar overrides: inputs the server cannot use are refused while the request is read."""

from __future__ import annotations

import datetime as dt

import strawberry.scalars
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.types.scalar import ScalarDefinition


def parse_datetime(value: object) -> dt.datetime:
    """An ISO 8601 date and time with an offset, as UTC.

    Without an offset the moment is ambiguous (and comparing it with the stored, aware
    times raised); a moment outside years 1 to 9999 in UTC cannot be stored or compared.
    Either is the client's mistake: a coercion error (BAD_REQUEST), never INTERNAL.
    """
    if not isinstance(value, str):
        raise StrawberryInputCoercionError("A DateTime is an ISO 8601 string.")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise StrawberryInputCoercionError(
            "Not an ISO 8601 date and time such as 2026-01-01T09:30:00Z."
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise StrawberryInputCoercionError(
            "Give the time's UTC offset, e.g. 2026-01-01T09:30:00Z or 2026-01-01T10:30:00+01:00."
        )
    try:
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise StrawberryInputCoercionError("The time is outside years 1 to 9999 in UTC.") from None


def _isoformat(value: dt.datetime) -> str:
    return value.isoformat()


DateTime = ScalarDefinition(
    name="DateTime",
    description="A date and time with a UTC offset, as RFC 3339 writes it, e.g. "
    "2026-01-01T09:30:00Z. Answers are in UTC (2026-01-01T09:30:00+00:00, with microseconds "
    "when there are any); inputs must carry an offset.",
    specified_by_url="https://datatracker.ietf.org/doc/html/rfc3339",
    serialize=_isoformat,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=dt.datetime,
)


def _unchanged(value: object) -> object:
    return value


# Replaces strawberry's own JSON scalar (`strawberry.scalars.JSON` in type annotations),
# which points at ECMA-404: ours points at RFC 8259, the JSON the HTTP API speaks.
JSON = ScalarDefinition(
    name="JSON",
    description="Any JSON value (object, array, string, number, boolean or null), as RFC 8259 "
    "defines it; used for free-form data such as an audit event's summary.",
    specified_by_url="https://www.rfc-editor.org/rfc/rfc8259",
    serialize=_unchanged,
    parse_value=_unchanged,
    parse_literal=None,
    origin=strawberry.scalars.JSON,
)
