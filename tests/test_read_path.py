"""The fast read path: lists prefetch what their items select, so item fields resolve from
the loaders' cache without awaiting; field rules decide synchronously once the viewer is
known, and wait for it otherwise. Speed must never change an answer."""

from __future__ import annotations

import asyncio
import inspect
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry
from graphql import parse
from strawberry.extensions import FieldExtension
from strawberry.types.nodes import convert_selections
from tortoise.timezone import now

from domain import listing
from domain.actor import Actor
from gql.errors import ApiError
from gql.fastpath.direct import direct, install
from gql.fastpath.loaders import PageLoader
from gql.loaders import Loaders, await_all, unchanged
from gql.permissions import CanReadNotes, Guard
from gql.schema import build_schema
from gql.schema.cursors import codec_for
from gql.schema.organization import PREFETCHED, SERVICES, OrganizationType, prefetch
from gql.schema.paging import PageArgs, paginate
from gql.schema.relay import node_fields
from models import Department, Membership, Note, Organization
from models.enums import OrganizationKind, OrganizationStatus
from tests import factories
from tests.api import Api

PAGE_WITH_FRAGMENTS = """
query {
  organizations(first: 10, filter: {kind: CUSTOMER}) {
    edges { node { ...Row ... on Organization { effectiveStatus } } }
  }
}
fragment Row on Organization {
  name latestNote { text } departments(first: 5) { edges { node { name } } }
}
"""
PAGE_INLINE = """
query {
  organizations(first: 10, filter: {kind: CUSTOMER}) {
    edges { node { name latestNote { text } departments(first: 5) { edges { node { name } } }
                   effectiveStatus } }
  }
}
"""


def _info_for(document: str) -> Any:
    """What a resolver's info tells `node_fields` (its `selected_fields`), for the first
    root field."""
    parsed = parse(document)
    operation, *fragments = parsed.definitions
    raw = SimpleNamespace(
        field_nodes=[operation.selection_set.selections[0]],  # type: ignore[attr-defined]
        fragments={f.name.value: f for f in fragments},  # type: ignore[attr-defined]
        variable_values={},
    )
    return SimpleNamespace(selected_fields=convert_selections(raw, raw.field_nodes))  # type: ignore[arg-type]


def test_node_fields_reads_edges_node_through_fragments() -> None:
    assert node_fields(_info_for(PAGE_WITH_FRAGMENTS)) == {
        "name",
        "latestNote",
        "departments",
        "effectiveStatus",
    }
    assert node_fields(_info_for("{ organizations { totalCount } }")) == set()


@pytest.fixture
async def reseller_with_customers() -> tuple[Organization, list[Organization], Actor]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    user, membership = await factories.member(reseller, "reseller@example.com")
    customers = []
    for number in range(3):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, reseller, name=f"Customer {number}"
        )
        await Department.create(organization=customer, name=f"Sales {number}")
        await Note.create(
            organization=customer, author=user, author_organization=reseller, text=f"n{number}"
        )
        customers.append(customer)
    membership = await Membership.get(id=membership.id).select_related("organization")
    return reseller, customers, Actor.of_member(membership, user)


async def test_a_prefetched_page_answers_its_selected_fields_from_the_cache(
    reseller_with_customers: tuple[Organization, list[Organization], Actor],
) -> None:
    _, customers, actor = reseller_with_customers

    async def viewer() -> Actor:
        return actor

    info: Any = SimpleNamespace(context=SimpleNamespace(loaders=Loaders(viewer)))
    page = [OrganizationType.from_model(c) for c in customers]
    selected = {"name", "effectiveStatus", "latestNote", "departments", "usage"}

    await prefetch(info, page, selected)

    not_selected = []
    for organization in page:
        for field in selected - {"name"}:
            value = PREFETCHED[field].value_for(info.context.loaders, organization, unchanged)
            assert not inspect.isawaitable(value), field
        # What the query did not select was not loaded...
        not_selected.append(SERVICES.value_for(info.context.loaders, organization, unchanged))
    assert all(inspect.isawaitable(value) for value in not_selected)
    # ...and asking for it now loads it: let that finish before the next test empties
    # the tables (a query left running would deadlock with its TRUNCATE).
    await asyncio.gather(*not_selected)


async def test_fragments_and_inline_selections_answer_the_same(
    api: Api, reseller_with_customers: tuple[Organization, list[Organization], Actor]
) -> None:
    token = await api.login("reseller@example.com", factories.PASSWORD)

    with_fragments = await api.data(PAGE_WITH_FRAGMENTS, token=token)
    inline = await api.data(PAGE_INLINE, token=token)

    assert with_fragments == inline
    rows = {e["node"]["name"]: e["node"] for e in inline["organizations"]["edges"]}
    assert rows["Customer 1"]["latestNote"] == {"text": "n1"}
    assert rows["Customer 1"]["departments"]["edges"] == [{"node": {"name": "Sales 1"}}]
    assert rows["Customer 1"]["effectiveStatus"] == "ACTIVE"


def _guard_info(known: Actor | None, actor: Actor) -> Any:
    async def viewer() -> Actor:
        return actor

    context = SimpleNamespace(known_viewer=lambda: known, viewer=viewer)
    return SimpleNamespace(context=context)


def _resolve(source: Any, info: Any) -> str:
    return "the note"


async def test_a_field_rule_decides_at_once_when_the_viewer_is_known(
    reseller_with_customers: tuple[Organization, list[Organization], Actor],
) -> None:
    reseller, customers, actor = reseller_with_customers
    guard = Guard(CanReadNotes())
    customer = OrganizationType.from_model(customers[0])
    itself = OrganizationType.from_model(reseller)

    allowed = guard.resolve(_resolve, customer, _guard_info(actor, actor))

    assert allowed == "the note"  # a plain value: nothing to await
    with pytest.raises(ApiError) as denied:
        guard.resolve(_resolve, itself, _guard_info(actor, actor))
    assert denied.value.extensions == {"code": "FORBIDDEN"}


async def test_a_field_rule_waits_for_a_viewer_not_yet_known(
    reseller_with_customers: tuple[Organization, list[Organization], Actor],
) -> None:
    reseller, customers, actor = reseller_with_customers
    guard = Guard(CanReadNotes())

    pending = guard.resolve(
        _resolve, OrganizationType.from_model(customers[0]), _guard_info(None, actor)
    )
    refused = guard.resolve(
        _resolve, OrganizationType.from_model(reseller), _guard_info(None, actor)
    )

    assert asyncio.iscoroutine(pending)
    assert await pending == "the note"
    with pytest.raises(ApiError):
        await refused


def test_marked_resolvers_are_called_by_graphql_core_directly() -> None:
    schema = build_schema()._schema
    organization = schema.type_map["Organization"].fields  # type: ignore[attr-defined]

    # graphql-core calls the function itself: no Strawberry wrapper in between...
    usage = organization["usage"]
    assert usage.resolve is usage.extensions["strawberry-definition"].base_resolver.wrapped_func
    # ...and a guarded one behind its Guard (the rule tests above run through it).
    assert organization["latestNote"].resolve.__qualname__.startswith("_guarded")
    # Fields that are not marked keep Strawberry's resolver.
    assert organization["effectiveSecurityPolicy"].resolve.__qualname__.startswith(
        "GraphQLCoreConverter"
    )


def test_a_marked_resolver_with_another_extension_is_refused() -> None:
    @strawberry.type
    class Query:
        @strawberry.field(extensions=[MaxResultsExtension()])  # type: ignore[untyped-decorator]
        @direct
        def rows(self, info: strawberry.Info) -> list[int]:
            return [1, 2]

    with pytest.raises(TypeError, match="Guard extensions only"):
        install(strawberry.Schema(Query)._schema)


class MaxResultsExtension(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        return next_(source, info, **kwargs)[:1]


def test_a_marked_resolver_with_an_argument_strawberry_would_convert_is_refused() -> None:
    @strawberry.type
    class Query:
        @strawberry.field
        @direct
        def rows(self, info: strawberry.Info, page_size: int = 2) -> list[int]:
            return list(range(page_size))

    with pytest.raises(TypeError, match="one-word scalar arguments"):
        install(strawberry.Schema(Query)._schema)


async def test_prefetch_loads_only_missing_keys_in_one_batch() -> None:
    batches: list[list[int]] = []

    async def double(keys: list[int]) -> list[int | Exception]:
        batches.append(list(keys))
        # A batch function may answer a key with its error (the DataLoader convention).
        return [ValueError(f"no {key}") if key == 4 else key * 2 for key in keys]

    loader = PageLoader(double)
    assert await loader.load(1) == 2

    await loader.prefetch([1, 2, 3, 2])

    assert batches == [[1], [2, 3]]
    # Plain values, whether prefetched or already in the loader's cache.
    values = [loader.value_for(key, str) for key in (1, 2, 3)]
    assert values == ["2", "4", "6"]
    assert len(batches) == 2
    # A key's error is raised, never handed to the conversion as a value.
    await loader.prefetch([4])
    with pytest.raises(ValueError, match="no 4"):
        loader.value_for(4, str)


@pytest.mark.parametrize("order", list(listing.OrganizationOrderField))
async def test_a_page_read_as_rows_holds_what_a_page_of_models_holds(
    reseller_with_customers: tuple[Organization, list[Organization], Actor],
    order: listing.OrganizationOrderField,
) -> None:
    _, customers, actor = reseller_with_customers
    # Values of every kind a column holds: set and unset dates, texts, a suspension.
    await Organization.filter(id=customers[1].id).update(
        status=OrganizationStatus.SUSPENDED, suspended_at=now(), suspension_reason="unpaid"
    )
    query = listing.OrganizationQuery(order_by=order, direction=listing.Direction.ASC)
    args = PageArgs(first=2, after=None, last=None, before=None, codec=codec_for("test"))

    def fields(node: OrganizationType) -> dict[str, Any]:
        # With each value's type: a StrEnum member equals its plain string.
        values = {**vars(node), **vars(node.contact)}
        return {name: (type(value), value) for name, value in values.items()}

    async def page(rows: bool) -> list[dict[str, Any]]:
        queryset = await listing.organizations(actor, query)
        found = await paginate(queryset, args, OrganizationType.from_model, rows=rows, total=False)
        return [fields(edge.node) for edge in found.edges]

    from_rows, from_models = await page(rows=True), await page(rows=False)

    assert from_rows == from_models
    assert len(from_rows) == 2


async def test_await_all_raises_the_first_failure_only_once_everything_has_finished() -> None:
    finished: list[str] = []

    async def fails() -> None:
        raise ValueError("first")

    async def slow() -> None:
        await asyncio.sleep(0.01)
        finished.append("slow")

    with pytest.raises(ValueError, match="first"):
        await await_all(fails(), slow())

    assert finished == ["slow"]  # a plain gather would have raised before it finished
