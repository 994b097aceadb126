"""The plain-field execution path answers exactly what graphql-core's own does: values,
field order, aliases, and the errors of fields that cannot be completed."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry

from gql.execution import PlainFieldsExecutionContext
from gql.schema import build_schema


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Row:
    name: str
    nickname: str | None
    count: int
    colour: Colour
    tags: list[str]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


def _rows() -> list[Row]:
    return [
        Row(name="alpha", nickname=None, count=1, colour=Colour.RED, tags=["a"]),
        # Values graphql-core must refuse: null for a non-null field, a string for an Int,
        # something that is not a member of the enum.
        Row(name=None, nickname="b", count="many", colour="green", tags=[]),  # type: ignore[arg-type]
    ]


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return _rows()  # type: ignore[return-value]

    @strawberry.field
    def strict_rows(self) -> list[Row]:
        return _rows()


QUERIES = [
    "{ rows { name nickname count colour tags shout } }",
    "{ rows { shout b: name a: name name colour } }",
    "{ rows { ... on Row { count } ...Names } } fragment Names on Row { nickname name }",
    "{ strictRows { name } }",
    "{ rows { nickname } strictRows { nickname colour } }",
]


def _plain(result: Any) -> dict[str, Any]:
    errors = [
        {"message": e.message, "path": e.path, "locations": e.locations}
        for e in result.errors or []
    ]
    return {"data": result.data, "errors": errors}


@pytest.mark.parametrize("query", QUERIES)
def test_plain_fields_answer_as_graphql_core_does(query: str) -> None:
    stock = strawberry.Schema(Query)
    fast = strawberry.Schema(Query, execution_context_class=PlainFieldsExecutionContext)

    expected = _plain(stock.execute_sync(query))
    got = _plain(fast.execute_sync(query))

    assert got == expected
    if got["data"] is not None and "rows" in got["data"]:
        # Field order follows the query, plain and resolved fields interleaved.
        first_row = got["data"]["rows"][0]
        assert list(first_row) == list(expected["data"]["rows"][0])


def test_the_api_schema_executes_with_the_plain_fields_path() -> None:
    assert build_schema().execution_context_class is PlainFieldsExecutionContext
