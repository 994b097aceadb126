"""The planned execution path answers exactly what graphql-core's own does: values,
field order, aliases, and the errors of fields that cannot be completed."""

from __future__ import annotations

import asyncio
import enum
import gc
import inspect
import json
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry

from gql.fastpath.direct import direct, install
from gql.fastpath.executor import PlannedExecutionContext
from gql.permissions import Guard, Rule
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
    fast = strawberry.Schema(Query, execution_context_class=PlannedExecutionContext)

    expected = _plain(stock.execute_sync(query))
    got = _plain(fast.execute_sync(query))

    assert got == expected
    if got["data"] is not None and "rows" in got["data"]:
        # Field order follows the query, plain and resolved fields interleaved.
        first_row = got["data"]["rows"][0]
        assert list(first_row) == list(expected["data"]["rows"][0])


def test_the_api_schema_executes_with_the_plain_fields_path() -> None:
    assert build_schema().execution_context_class is PlannedExecutionContext


# A schema of nested objects, lists and @direct resolvers, with every way a value can fail.


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Child(Named):
    name: str
    value: int | None


@strawberry.type
class Impostor:  # returned where a Child is expected: is_type_of refuses it
    name: str
    value: int | None


@strawberry.type
class Item(Named):
    name: str
    score: int | None
    tags: list[str]
    child: Child | None
    strict_child: Child
    children: list[Child]
    maybe_children: list[Child | None]

    @strawberry.field
    @direct
    def upper(self, info: strawberry.Info) -> str:
        return f"{self.name.upper()} {info.context.suffix}"

    @strawberry.field
    @direct
    def window(self, first: int = 1, prefix: str = "") -> list[Child]:
        return [Child(name=prefix + c.name, value=c.value) for c in self.children[:first]]

    @strawberry.field
    @direct
    def later(self) -> Child | None:
        async def child() -> Child | None:
            await asyncio.sleep(0)
            return self.child

        return child()  # type: ignore[return-value]  # graphql-core awaits it

    @strawberry.field
    @direct
    def fails(self) -> str:
        return _score(self)

    @strawberry.field
    @direct
    def maybe_fails(self) -> str | None:
        return _score(self)

    @strawberry.field
    def general(self, times: int = 1) -> str:
        return self.name * times


def _score(item: Item) -> str:
    if item.score is None:
        raise ValueError(f"{item.name} has no score")
    return str(item.score)


def _child(name: str, value: Any = 1) -> Child:
    return Child(name=name, value=value)


def _items() -> list[Any]:
    good = Item(
        name="good",
        score=3,
        tags=["x", "y"],
        child=_child("c1"),
        strict_child=_child("c2"),
        children=[_child("k1"), _child("k2", None)],
        maybe_children=[None, _child("m1")],
    )
    broken = Item(
        name="broken",
        score=None,
        tags=["z", None],  # type: ignore[list-item]
        child=Impostor(name="fake", value=1),  # type: ignore[arg-type]
        strict_child=None,  # type: ignore[arg-type]
        children=[_child("k3", "NaN"), None],  # type: ignore[list-item]
        maybe_children=[_child(None), _child("m2")],  # type: ignore[arg-type]
    )
    return [good, broken]


@strawberry.type
class TreeQuery:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return _items()

    @strawberry.field
    def good_items(self) -> list[Item]:
        return _items()[:1]

    @strawberry.field
    def strict_items(self) -> list[Item]:
        return _items()


TREE_QUERIES = [
    "{ goodItems { name score tags upper window(first: 2) { name value } general(times: 2) } }",
    "{ items { name tags } }",
    "{ items { name child { name value } } }",
    "{ items { strictChild { name } name } }",
    "{ items { name children { name value } } }",
    "{ items { maybeChildren { name } } }",
    "{ items { later { name } name } }",
    "{ items { fails name } }",
    "{ items { maybeFails name } }",
    "{ strictItems { name maybeFails } }",
    "{ strictItems { name fails } }",
    '{ items { w: window(first: 2, prefix: "p") { name value } } }',
    "query($n: Int!) { goodItems { window(first: $n) { name } } }",
    "{ items { ... on Named { name } ...F } }"
    " fragment F on Item { child { ... on Child { value } } }",
    "{ goodItems { __typename child { __typename name } } }",
]


async def _run(schema: strawberry.Schema, query: str) -> dict[str, Any]:
    result = await schema.execute(
        query, variable_values={"n": 1}, context_value=SimpleNamespace(suffix="!")
    )
    return _plain(result)


@pytest.mark.parametrize("query", TREE_QUERIES)
async def test_planned_execution_answers_as_graphql_core_does(query: str) -> None:
    stock = strawberry.Schema(TreeQuery, types=[Impostor])
    fast = strawberry.Schema(
        TreeQuery, types=[Impostor], execution_context_class=PlannedExecutionContext
    )
    assert install(fast._schema) == 5

    expected = await _run(stock, query)
    got = await _run(fast, query)

    assert got == expected
    assert json.dumps(got["data"]) == json.dumps(expected["data"])  # field order too


async def test_planned_fields_skip_graphql_cores_field_execution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the root field and the resolver that is neither plain nor @direct go through
    graphql-core's `execute_field`; the rest of the tree takes the short path."""
    executed: list[str] = []
    original = PlannedExecutionContext.execute_field

    def counting(self: Any, parent_type: Any, source: Any, details: Any, *rest: Any) -> Any:
        executed.append(details[0].node.name.value)
        return original(self, parent_type, source, details, *rest)

    monkeypatch.setattr(PlannedExecutionContext, "execute_field", counting)
    fast = strawberry.Schema(TreeQuery, execution_context_class=PlannedExecutionContext)
    install(fast._schema)

    body = await _run(fast, TREE_QUERIES[0])

    assert body["errors"] == []
    assert executed == ["goodItems", "general"]


# Cases found in review: a Guard on a plain attribute, a returned exception, and a failing
# non-null list item whose started siblings must still be settled.


class _DenyAll(Rule):
    message = "denied"

    def allows(self, actor: Any, source: Any, info: Any) -> bool:
        return False


class _Oops(Exception):
    """Not a builtin exception (as ApiError is): String would happily str() it."""


@strawberry.type
class Kid:
    ok: strawberry.Private[bool]
    name: str
    # A plain attribute with an extension: Strawberry calls its resolver "default" too.
    secret: str | None = strawberry.field(extensions=[Guard(_DenyAll())])
    returned: str | None  # holds an exception instance

    @strawberry.field
    @direct
    def returned_error(self) -> str | None:
        return _Oops("returned, not raised")  # type: ignore[return-value]

    @strawberry.field
    @direct
    def later(self) -> str | None:
        async def value() -> str:
            await asyncio.sleep(0)
            return "later"

        return value()  # type: ignore[return-value]  # graphql-core awaits it

    @strawberry.field
    @direct
    def must(self) -> str:
        if not self.ok:
            raise ValueError("no")
        return "yes"


@strawberry.type
class Family:
    kids: list[Kid]


def _kid(ok: bool) -> Kid:
    return Kid(ok=ok, name="k", secret="s3cr3t", returned=_Oops("in an attribute"))  # type: ignore[arg-type]


@strawberry.type
class FamilyQuery:
    @strawberry.field
    def family(self) -> Family | None:
        return Family(kids=[_kid(True), _kid(False)])


def _never_started() -> list[str]:
    return [
        o.__qualname__
        for o in gc.get_objects()
        if inspect.iscoroutine(o) and inspect.getcoroutinestate(o) == inspect.CORO_CREATED
    ]


@pytest.mark.parametrize(
    "query",
    [
        "{ family { kids { name secret } } }",
        "{ family { kids { returnedError returned name } } }",
        "{ family { kids { later must } } }",
    ],
)
async def test_review_cases_answer_as_graphql_core_does(query: str) -> None:
    context = SimpleNamespace(known_viewer=lambda: object())
    stock = strawberry.Schema(FamilyQuery)
    fast = strawberry.Schema(FamilyQuery, execution_context_class=PlannedExecutionContext)
    install(fast._schema)

    expected = _plain(await stock.execute(query, context_value=context))
    got = _plain(await fast.execute(query, context_value=context))
    await asyncio.sleep(0.05)  # what was left to settle in the background has run

    assert got == expected
    assert got["errors"]  # every case is one that must fail somewhere
    assert _never_started() == []
