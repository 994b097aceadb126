"""Input checks shared by the create and update operations."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from types import TracebackType
from typing import ParamSpec, TypeVar, cast
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from domain.errors import DomainError, ErrorCode
from domain.people.logins import validate_email

P = ParamSpec("P")
T = TypeVar("T")

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
MAX_IP_RANGES = 100
# Line breaks and tabs belong in notes and descriptions; anything else below space, DEL
# and the C1 controls is never meant as text (and NUL cannot even be stored in PostgreSQL).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\n\u2028\u2029]")


class InvalidFields(DomainError):
    """Several input fields at fault at once: `errors` holds each field's own error (the
    first also stands for them all, for a caller that reports one error only)."""

    def __init__(self, errors: Sequence[DomainError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.message, first.field)
        self.errors = list(errors)


def each_error(error: DomainError) -> list[DomainError]:
    """The errors a DomainError stands for: each field's of InvalidFields, else itself."""
    return error.errors if isinstance(error, InvalidFields) else [error]


class AllFields:
    """Checks every field of an input before refusing it, so that the caller hears of all
    its mistakes at once instead of one per attempt:

        with AllFields() as fields:
            name = fields.check(text, spec.name, ["name"], max_length=200)
            city = fields.check(text, spec.city, ["city"], max_length=100)
        # here every check passed; leaving the block raised InvalidFields otherwise

    A refused check answers None, which the block must not act on (no writes inside it):
    leaving the block raises before anything can use it. An error about no field (a state
    conflict, an unknown id) is not collected: it ends the block at once.
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def check(self, validate: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return validate(*args, **kwargs)
        except DomainError as error:
            if error.field is None:
                raise
            self.errors.extend(each_error(error))
            return cast(T, None)  # never used: see the class docstring

    def __enter__(self) -> AllFields:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None and self.errors:
            raise InvalidFields(self.errors)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether `value` holds characters no input of ours accepts: control characters,
    and line breaks too unless `multiline` (tabs count as text)."""
    if _CONTROL.search(value):
        return True
    return not multiline and _LINE_BREAK.search(value) is not None


def text(
    value: str,
    field: list[str],
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Trimmed text within `max_length`; INVALID naming the `field` path otherwise.

    Only `multiline` text (notes, descriptions) may hold line breaks: a name can end up in
    an email header or a log line, where a line break starts a forged one.
    """
    cleaned = value.strip()
    if required and not cleaned:
        raise DomainError(ErrorCode.INVALID, "This cannot be empty.", field)
    if len(cleaned) > max_length:
        raise DomainError(ErrorCode.INVALID, f"This is limited to {max_length} characters.", field)
    if has_control_characters(cleaned, multiline=multiline):
        what = "control characters" if multiline else "control characters or line breaks"
        raise DomainError(ErrorCode.INVALID, f"This contains {what}.", field)
    return cleaned


def optional_email(value: str, field: list[str]) -> str:
    return validate_email(value, field) if value.strip() else ""


def country(value: str, field: list[str]) -> str:
    cleaned = value.strip().upper()
    if cleaned and (len(cleaned) != 2 or not cleaned.isalpha() or not cleaned.isascii()):
        raise DomainError(ErrorCode.INVALID, "Use a two-letter ISO country code.", field)
    return cleaned


def color(value: str, field: list[str]) -> str:
    """A #rrggbb color, lower-cased."""
    if not _COLOR.fullmatch(value.strip()):
        raise DomainError(ErrorCode.INVALID, "Use a color like #1a73e8.", field)
    return value.strip().lower()


def https_url(value: str, field: list[str]) -> str:
    """An absolute https URL (logos are loaded by browsers on https panels)."""
    cleaned = value.strip()
    refused = DomainError(ErrorCode.INVALID, "Use an https:// URL.", field)
    if len(cleaned) > 2000 or has_control_characters(cleaned) or " " in cleaned:
        raise refused
    try:
        parts = urlsplit(cleaned)
        hostname = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6 literal
        raise refused from None
    if parts.scheme != "https" or not hostname:
        raise refused
    return cleaned


def language(value: str, field: list[str]) -> str:
    """A BCP 47 language tag such as en, de or pt-BR (at most 16 characters, as stored)."""
    if len(value.strip()) > 16 or not _LANGUAGE.fullmatch(value.strip()):
        raise DomainError(ErrorCode.INVALID, "Use a language tag such as en or pt-BR.", field)
    return value.strip()


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def timezone(value: str, field: list[str]) -> str:
    """An IANA time zone name such as Europe/Berlin."""
    if value.strip() not in _zones():
        raise DomainError(ErrorCode.INVALID, "Use an IANA time zone such as Europe/Berlin.", field)
    return value.strip()


def ip_ranges(values: Sequence[str], field: list[str]) -> list[str]:
    """CIDR ranges, IPv4 or IPv6, in canonical form (host bits must be zero)."""
    if len(values) > MAX_IP_RANGES:
        raise DomainError(ErrorCode.INVALID, f"At most {MAX_IP_RANGES} ranges.", field)
    ranges = []
    for index, value in enumerate(values):
        try:
            ranges.append(str(ipaddress.ip_network(value.strip(), strict=True)))
        except ValueError:
            raise DomainError(
                ErrorCode.INVALID,
                f"{value!r} is not a CIDR range such as 203.0.113.0/24 or 2001:db8::/32.",
                [*field, str(index)],
            ) from None
    return sorted(set(ranges), key=ranges.index)
