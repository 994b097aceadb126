"""Scalar overrides: inputs the server cannot use are refused while the request is read."""

from __future__ import annotations

import datetime as dt

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
    description="A date and time in ISO 8601 with a UTC offset, e.g. 2026-01-01T09:30:00Z.",
    specified_by_url=None,
    serialize=_isoformat,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=dt.datetime,
)
