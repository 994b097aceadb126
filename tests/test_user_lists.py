"""`users`: search, filters, orders and paging over the users a viewer may see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import Membership, Organization, User
from models.enums import OrganizationKind, Role, UserStatus
from tests import factories
from tests.api import Api

USERS = """
query ($filter: UserFilter, $orderBy: UserOrder, $first: Int, $after: String,
       $last: Int, $before: String) {
  users(filter: $filter, orderBy: $orderBy, first: $first, after: $after,
        last: $last, before: $before) {
    totalCount
    edges { cursor node { email } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.fixture
async def people() -> tuple[str, dict[str, Organization]]:
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    acme = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    globex = await factories.organization(OrganizationKind.CUSTOMER, master, name="Globex")
    rows = [
        ("carol@acme.test", "Carol", "zimmer", acme, Role.OWNER, UserStatus.ACTIVE, 3),
        ("bob@acme.test", "Bob", "Young", acme, Role.MEMBER, UserStatus.DISABLED, 1),
        ("alice@globex.test", "Alice", "Xu", globex, Role.ADMIN, UserStatus.ACTIVE, 2),
    ]
    for email, first, last, org, role, status, days_ago in rows:
        user = await User.create(
            email=email,
            password_hash="!",
            first_name=first,
            last_name=last,
            status=status,
            last_login_at=now() - timedelta(days=days_ago),
        )
        await Membership.create(user=user, organization=org, role=role)
    return token, {"acme": acme, "globex": globex, "master": master}


async def _emails(api: Api, token: str, **variables: Any) -> list[str]:
    data = (await api.data(USERS, {"first": 100, **variables}, token))["users"]
    emails = [edge["node"]["email"] for edge in data["edges"]]
    assert data["totalCount"] == len(emails)
    return emails


async def test_users_filters(api: Api, people: tuple[str, dict[str, Organization]]) -> None:
    token, orgs = people
    acme = to_global_id("Organization", orgs["acme"].id)

    assert await _emails(api, token, filter={"organizationId": acme}) == [
        "bob@acme.test",
        "carol@acme.test",
    ]
    assert await _emails(api, token, filter={"role": "ADMIN"}) == ["alice@globex.test"]
    assert await _emails(api, token, filter={"status": "DISABLED"}) == ["bob@acme.test"]
    assert await _emails(api, token, filter={"search": "ZIMM"}) == ["carol@acme.test"]
    assert await _emails(api, token, filter={"search": "globex"}) == ["alice@globex.test"]
    assert await _emails(api, token, filter={"organizationId": acme, "role": "OWNER"}) == [
        "carol@acme.test"
    ]
    assert await _emails(api, token, filter={"organizationId": "nope"}) == []


@pytest.mark.parametrize(
    ("field", "ascending"),
    [
        ("EMAIL", ["admin", "alice", "bob", "carol"]),
        ("NAME", ["admin", "alice", "bob", "carol"]),  # last names: OWNER, Xu, Young, zimmer
        ("LAST_LOGIN_AT", ["carol", "alice", "bob"]),  # 3, 2 and 1 days ago
    ],
)
async def test_users_orders(
    api: Api, people: tuple[str, dict[str, Organization]], field: str, ascending: list[str]
) -> None:
    token, _ = people
    customers_only = {"search": ".test"}

    up = await _emails(
        api, token, filter=customers_only, orderBy={"field": field, "direction": "ASC"}
    )
    down = await _emails(
        api, token, filter=customers_only, orderBy={"field": field, "direction": "DESC"}
    )

    expected = [name for name in ascending if name != "admin"]
    assert [email.split("@")[0] for email in up] == expected
    assert down == list(reversed(up))


async def test_users_page_both_ways(api: Api, people: tuple[str, dict[str, Organization]]) -> None:
    token, _ = people
    everything = await _emails(api, token)

    first = (await api.data(USERS, {"first": 2}, token))["users"]
    second = (await api.data(USERS, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token))[
        "users"
    ]
    back = (await api.data(USERS, {"last": 2, "before": second["pageInfo"]["startCursor"]}, token))[
        "users"
    ]

    assert [e["node"]["email"] for e in first["edges"] + second["edges"]] == everything
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["email"] for e in back["edges"]] == everything[:2]
    assert back["pageInfo"]["hasPreviousPage"] is False


async def test_never_logged_in_sorts_as_oldest_on_every_database(
    api: Api, people: tuple[str, dict[str, Organization]]
) -> None:
    token, _ = people  # admin@example.com has never logged in
    order = {"field": "LAST_LOGIN_AT"}

    up = await _emails(api, token, orderBy={**order, "direction": "ASC"})
    down = await _emails(api, token, orderBy={**order, "direction": "DESC"})

    assert up[0] == "admin@example.com"
    assert down[-1] == "admin@example.com"
