"""`UserError`: an expected failure reported inside a mutation payload."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry

from domain.errors import DomainError, ErrorCode
from domain.validation import each_error
from gql.schema.enums import UserErrorCode

T = TypeVar("T")


@strawberry.type(description="Something the caller can fix: invalid input, a conflict, an id.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "email"].'
    )
    message: str = strawberry.field(description="A sentence to show to a person.")
    code: UserErrorCode = strawberry.field(description="A stable code to branch on.")

    @classmethod
    def from_domain(cls, error: DomainError, prefix: tuple[str, ...] = ("input",)) -> UserError:
        field = [*prefix, *error.field] if error.field is not None else None
        return cls(field=field, message=error.message, code=ErrorCode(error.code))

    @classmethod
    def all_from_domain(
        cls, error: DomainError, prefix: tuple[str, ...] = ("input",)
    ) -> list[UserError]:
        """One entry per field at fault: an input refused for several fields lists each."""
        return [cls.from_domain(each, prefix) for each in each_error(error)]


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Run a domain call; an expected failure becomes the payload's userErrors.

    `result, errors = await attempt(domain.thing(...))`: result is None when refused.
    """
    try:
        return await call, []
    except DomainError as error:
        return None, UserError.all_from_domain(error)
