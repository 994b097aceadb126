"""`paged` declares the four paging arguments once for every list field: the field takes
them as Strawberry or graphql-core (a @direct resolver) pass them, and its resolver gets
one PageArgs."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest

from gql.schema.paging import PageArgs, paged
from settings import Settings

INFO = SimpleNamespace(context=SimpleNamespace(settings=Settings()))


def test_the_field_takes_the_four_arguments_after_its_own() -> None:
    def resolve(root: Any, info: Any, status: str | None = None, *, paging: PageArgs) -> Any:
        return paging

    field = paged(resolve)

    assert list(inspect.signature(field).parameters) == [
        "root",
        "info",
        "status",
        "first",
        "after",
        "last",
        "before",
    ]


def test_the_resolver_gets_them_as_one_page_args_however_it_is_called() -> None:
    seen: list[tuple[Any, PageArgs]] = []

    def resolve(root: Any, info: Any, paging: PageArgs) -> Any:
        seen.append((root, paging))
        return len(seen)

    field = paged(resolve)

    by_strawberry = field(root="a", info=INFO, first=3, after="c1")
    by_graphql_core = field("b", INFO, last=2, before="c2")

    assert (by_strawberry, by_graphql_core) == (1, 2)
    (root_a, forward), (root_b, backward) = seen
    assert root_a == "a"
    assert (forward.first, forward.after, forward.last, forward.before) == (3, "c1", None, None)
    assert root_b == "b"
    assert (backward.first, backward.after, backward.last, backward.before) == (None, None, 2, "c2")


async def test_an_async_resolver_stays_a_coroutine_function() -> None:
    async def resolve(self: Any, info: Any, *, paging: PageArgs) -> int | None:
        return paging.first

    field = paged(resolve)

    assert inspect.iscoroutinefunction(field)
    assert await field(self=None, info=INFO, first=7) == 7


def test_a_resolver_without_paging_last_is_refused() -> None:
    def resolve(root: Any, info: Any, first: int | None = None) -> Any:
        return first

    with pytest.raises(TypeError, match="@paged takes `info` and, last, `paging`"):
        paged(resolve)
