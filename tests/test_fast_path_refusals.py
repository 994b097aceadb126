"""The fast path refuses, when the schema is built, what it cannot honour (a resolve()
extension, a default resolver other than getattr, @defer/@stream), instead of stepping
aside without a word; with FAST_PATH=off the same schema builds. A query using @defer is
refused by the API either way, as a directive it does not know."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from gql.fastpath import wiring
from settings import Settings
from tests.api import api_for


@strawberry.type
class Query:
    name: str = "plain"


class EveryField(SchemaExtension):
    """An extension that must see every field resolved."""

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any
    ) -> Any:
        return _next(root, info, *args, **kwargs)


class OperationsOnly(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield


def _loud_getattr(source: Any, name: str) -> Any:
    return getattr(source, name)


REFUSED = [
    pytest.param(
        {"extensions": [OperationsOnly, EveryField]},
        "EveryField has a resolve",
        id="resolve-extension",
    ),
    pytest.param(
        {"config": StrawberryConfig(default_resolver=_loud_getattr)},
        "default_resolver is <function _loud_getattr",
        id="default-resolver",
    ),
    pytest.param(
        {"config": StrawberryConfig(enable_experimental_incremental_execution=True)},
        r"incremental execution \(@defer, @stream\)",
        id="defer-stream",
    ),
]


@pytest.mark.parametrize(("options", "reason"), REFUSED)
def test_the_fast_path_refuses_what_it_cannot_honour(options: dict[str, Any], reason: str) -> None:
    schema = strawberry.Schema(
        Query, execution_context_class=wiring.execution_context_class(True), **options
    )

    with pytest.raises(wiring.FastPathRefused, match=reason) as refused:
        wiring.attach(schema, fast_path=True)
    assert "FAST_PATH=off" in str(refused.value)


@pytest.mark.parametrize(("options", "reason"), REFUSED)
def test_without_the_fast_path_the_same_schema_builds_and_runs(
    options: dict[str, Any], reason: str
) -> None:
    schema = strawberry.Schema(
        Query, execution_context_class=wiring.execution_context_class(False), **options
    )

    wiring.attach(schema, fast_path=False)

    assert schema.execute_sync("{ name }", root_value=Query()).data == {"name": "plain"}


def test_the_fast_path_accepts_what_it_honours() -> None:
    schema = strawberry.Schema(
        Query,
        extensions=[OperationsOnly],
        execution_context_class=wiring.execution_context_class(True),
    )

    wiring.attach(schema, fast_path=True)

    assert wiring.unhonoured(schema) == []
    assert schema.execute_sync("{ name }", root_value=Query()).data == {"name": "plain"}


DEFERRED = """
query {
  viewer { role ... @defer(label: "later") { user { email } } }
}
"""


@pytest.mark.parametrize("fast_path", [True, False], ids=["fast-path", "stock"])
async def test_a_query_using_defer_is_refused_by_the_api(
    settings: Settings, fast_path: bool
) -> None:
    async with api_for(dataclasses.replace(settings, fast_path=fast_path)) as api:
        body = await api(DEFERRED)

    assert "data" not in body or body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["Unknown directive '@defer'."]
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_a_schema_built_around_the_refusal_is_told_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Given the planned execution context directly, without `attach`: the resolve()
    extension still sees every field, and the log says the planned execution is off."""
    seen: list[str] = []

    class Recording(EveryField):
        def resolve(
            self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any
        ) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    schema = strawberry.Schema(
        Query, extensions=[Recording], execution_context_class=wiring.execution_context_class(True)
    )
    with caplog.at_level("WARNING", logger="gql.fastpath.executor"):
        result = schema.execute_sync("{ name }", root_value=Query())

    assert result.data == {"name": "plain"}
    assert seen == ["name"]
    assert "the planned execution is off for this schema" in caplog.text
