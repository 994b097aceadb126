"""`totalCount` of a root list is counted in its page's own statement: the whole list,
whatever the cursors and the page's size, at no statement of its own (one round trip
fewer); counted on its own only for an empty page that a cursor narrowed, and not at all
when the query does not ask for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from tortoise import connections

import database
from bench.statements import Statement, statements_sent
from models import Membership, Organization, Service, User
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api

ORGANIZATIONS = """
query ($filter: OrganizationFilter, $orderBy: OrganizationOrder, $first: Int,
       $after: String, $last: Int, $before: String) {
  organizations(filter: $filter, orderBy: $orderBy, first: $first, after: $after,
                last: $last, before: $before) {
    %s
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}
"""
USERS = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  users(first: $first, after: $after, last: $last, before: $before) {
    %s
    edges { cursor node { email } }
  }
}
"""
CUSTOMERS = 7
CUSTOMER = {"kind": "CUSTOMER"}


@pytest.fixture
async def token() -> str:
    """An administrator's, who sees CUSTOMERS customers (three of them named "Acme ...",
    two suspended, customer n with n % 3 websites) and a user in each."""
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    for number in range(CUSTOMERS):
        name = f"Acme {number}" if number < 3 else f"Customer {number}"
        status = OrganizationStatus.SUSPENDED if number in (1, 4) else OrganizationStatus.ACTIVE
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, master, name=name, status=status
        )
        for website in range(number % 3):
            await Service.create(
                organization=customer, kind=ServiceKind.WEBSITE, name=f"w{website}"
            )
        user = await User.create(email=f"user{number}@example.com", password_hash="!")
        await Membership.create(user=user, organization=customer, role=Role.MEMBER)
    return token


def _counts(statements: list[Statement]) -> list[str]:
    """The statements that count something (on their own or in a column of a page)."""
    return [sql for sql, _ in statements if "COUNT(*)" in sql]


def _counted_alone(statements: list[Statement]) -> list[str]:
    return [sql for sql, _ in statements if sql.lstrip().upper().startswith("SELECT COUNT(")]


async def _list(
    api: Api, token: str, query: str, total: bool, **variables: Any
) -> tuple[dict[str, Any], list[Statement]]:
    """The list field's answer, with or without `totalCount`, and the statements it sent."""
    with statements_sent() as statements:
        data = await api.data(query % ("totalCount" if total else ""), variables, token)
    return next(iter(data.values())), statements


async def _cursors(api: Api, token: str, query: str, **variables: Any) -> list[str]:
    answer, _ = await _list(api, token, query, False, first=100, **variables)
    return [edge["cursor"] for edge in answer["edges"]]


# (first, after, last, before) as positions in the whole list (None: not given).
WINDOWS = [
    pytest.param({"first": 3}, id="first"),
    pytest.param({"first": 0}, id="first-0"),
    pytest.param({"first": 2, "after": 1}, id="after"),
    pytest.param({"last": 2}, id="last"),
    pytest.param({"last": 2, "before": 5}, id="before"),
    pytest.param({"first": 1, "after": 0, "before": 4}, id="after-and-before"),
    pytest.param({"first": 3, "last": 1, "after": 0}, id="first-then-last"),
]


def _window(cursors: list[str], positions: dict[str, int]) -> dict[str, Any]:
    return {
        name: cursors[value] if name in ("after", "before") else value
        for name, value in positions.items()
    }


@pytest.mark.parametrize("positions", WINDOWS)
async def test_the_count_ignores_the_window_and_costs_no_statement_of_its_own(
    api: Api, token: str, positions: dict[str, int]
) -> None:
    cursors = await _cursors(api, token, ORGANIZATIONS, filter=CUSTOMER)
    window = _window(cursors, positions)

    counted, with_total = await _list(api, token, ORGANIZATIONS, True, filter=CUSTOMER, **window)
    page, without_total = await _list(api, token, ORGANIZATIONS, False, filter=CUSTOMER, **window)

    assert counted["totalCount"] == CUSTOMERS
    assert counted["edges"] == page["edges"]
    assert counted["pageInfo"] == page["pageInfo"]
    assert len(with_total) == len(without_total), with_total
    assert _counted_alone(with_total) == []
    assert len(_counts(with_total)) == 1  # the page's statement
    assert _counts(without_total) == []  # not asked for: nothing counted


@pytest.mark.parametrize("positions", WINDOWS)
async def test_a_list_of_model_instances_counts_in_its_page_statement_too(
    api: Api, token: str, positions: dict[str, int]
) -> None:
    cursors = await _cursors(api, token, USERS)
    window = _window(cursors, positions)

    counted, with_total = await _list(api, token, USERS, True, **window)
    page, without_total = await _list(api, token, USERS, False, **window)

    assert counted["totalCount"] == len(cursors) == CUSTOMERS + 1  # and the administrator
    assert counted["edges"] == page["edges"]
    assert len(with_total) == len(without_total)
    assert _counted_alone(with_total) == []


async def test_an_empty_list_is_counted_as_zero_without_counting(api: Api, token: str) -> None:
    for nothing in ({"search": "no such customer"}, {"kind": "CUSTOMER", "status": "DELETED"}):
        counted, statements = await _list(api, token, ORGANIZATIONS, True, filter=nothing)

        assert counted["totalCount"] == 0
        assert counted["edges"] == []
        assert _counted_alone(statements) == [], nothing


@pytest.mark.parametrize(
    "positions",
    [
        pytest.param({"first": 5, "after": -1}, id="after-the-last"),
        pytest.param({"last": 5, "before": 0}, id="before-the-first"),
        pytest.param({"first": 5, "after": 3, "before": 4}, id="between-neighbours"),
    ],
)
async def test_an_empty_page_a_cursor_narrowed_counts_the_list_on_its_own(
    api: Api, token: str, positions: dict[str, int]
) -> None:
    cursors = await _cursors(api, token, ORGANIZATIONS, filter=CUSTOMER)
    window = _window(cursors, positions)

    counted, statements = await _list(api, token, ORGANIZATIONS, True, filter=CUSTOMER, **window)

    assert counted["edges"] == []
    assert counted["totalCount"] == CUSTOMERS
    assert len(_counted_alone(statements)) == 1


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        pytest.param({"kind": "CUSTOMER", "status": "SUSPENDED"}, 2, id="filtered"),
        pytest.param({"search": "ACME"}, 3, id="search"),
        pytest.param({"search": "acme", "status": "ACTIVE"}, 2, id="search-filtered"),
        pytest.param({"kind": "RESELLER"}, 0, id="none"),
    ],
)
async def test_a_filtered_or_searched_list_counts_what_it_matches(
    api: Api, token: str, filter: dict[str, Any], expected: int
) -> None:
    counted, statements = await _list(api, token, ORGANIZATIONS, True, filter=filter, first=1)

    assert counted["totalCount"] == expected
    assert len(counted["edges"]) == min(expected, 1)
    assert _counted_alone(statements) == []
    if "search" in filter:  # the search, its count within, is one statement (on its pool)
        assert len([sql for sql, _ in statements if " LIKE " in sql]) == 1


@pytest.mark.parametrize("field", ["WEBSITES", "NAME", "PLAN_NAME", "OWNER_NAME"])
async def test_a_list_in_any_order_counts_each_row_once(api: Api, token: str, field: str) -> None:
    """WEBSITES sorts by a count of services (a grouped statement, one row per customer
    however many services it joins)."""
    for direction in ("ASC", "DESC"):
        counted, statements = await _list(
            api,
            token,
            ORGANIZATIONS,
            True,
            filter=CUSTOMER,
            orderBy={"field": field, "direction": direction},
            first=2,
        )

        assert counted["totalCount"] == CUSTOMERS
        assert _counted_alone(statements) == []


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.parametrize("order", [None, {"field": "WEBSITES", "direction": "ASC"}])
async def test_postgresql_counts_once_per_statement_not_once_per_row(
    db: str, api: Api, token: str, order: dict[str, str] | None
) -> None:
    if database.dialect_of(db) != "postgres":
        pytest.skip("the plan checked is PostgreSQL's")
    with statements_sent() as statements:
        await api.data(ORGANIZATIONS % "totalCount", {"filter": CUSTOMER, "orderBy": order}, token)
    [(sql, values)] = [(sql, values) for sql, values in statements if "COUNT(*)" in sql]

    rows = await connections.get("default").execute_query_dict(
        f"EXPLAIN (FORMAT JSON) {sql}", values
    )
    plan = rows[0]["QUERY PLAN"]
    nodes = list(_nodes((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]))

    relationships = [node.get("Parent Relationship") for node in nodes]
    assert relationships.count("InitPlan") == 1, plan  # the count, evaluated once
    assert "SubPlan" not in relationships, plan  # nothing evaluated per row


async def test_an_organization_seen_by_a_reseller_counts_only_what_it_sees(api: Api) -> None:
    """The count is of the same scope as the page: never of rows the actor may not see."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    _, token = await factories.quick_member(reseller, "reseller@example.com")
    await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Mine")
    await factories.organization(OrganizationKind.CUSTOMER, master, name="Not mine")
    assert await Organization.all().count() == 4

    counted, _ = await _list(api, token, ORGANIZATIONS, True, first=1)

    assert counted["totalCount"] == 2  # the reseller and its customer
