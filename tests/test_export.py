"""CSV export (`GET /export/<list>.csv`): exactly the rows and cells the GraphQL list shows
its reader, in its order, over many batches; quoting, formula cells, UTF-8; coded refusals."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bench.statements import statements_sent
from domain.people.logins import add_membership
from gql.export_ticket import TICKET_LIFETIME
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, SessionToken, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api
from tests.list_tree import build_tree

LIST = """
query ($filter: OrganizationFilter, $orderBy: OrganizationOrder, $after: String) {
  organizations(first: 100, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { node { id name owner { name } plan { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
async def tree() -> dict[str, Any]:
    return await build_tree()


async def export(api: Api, list_name: str, token: str | None, **parameters: Any) -> httpx.Response:
    params = {
        name: value if isinstance(value, str) else json.dumps(value)
        for name, value in parameters.items()
    }
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await api.client.get(f"/export/{list_name}.csv", params=params, headers=headers)


def records(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the file as UTF-8
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


async def graphql_rows(api: Api, token: str, **variables: Any) -> list[dict[str, Any]]:
    """Every row of the GraphQL list, page after page."""
    rows: list[dict[str, Any]] = []
    after = None
    while True:
        body = await api(LIST, {**variables, "after": after}, token)
        page = body["data"]["organizations"]
        rows += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return rows
        after = page["pageInfo"]["endCursor"]


async def test_a_resellers_export_holds_exactly_the_rows_and_cells_its_list_shows(
    api: Api, tree: dict[str, Any]
) -> None:
    token = tree["tokens"]["north"]
    for number in range(230):  # three batches
        await factories.organization(OrganizationKind.CUSTOMER, tree["sub"], name=f"Bulk {number}")
    order = {"field": "NAME", "direction": "DESC"}

    exported = records(await export(api, "organizations", token, orderBy=order))
    listed = await graphql_rows(api, token, orderBy=order)

    assert len(listed) == 235
    assert [row["id"] for row in exported] == [row["id"] for row in listed]
    for row, node in zip(exported, listed, strict=True):
        assert row["name"] == node["name"]
        assert row["owner_name"] == ((node["owner"] or {}).get("name") or "")
        assert row["plan_name"] == ((node["plan"] or {}).get("name") or "")
    by_name = {row["name"]: row for row in exported}
    assert by_name["Sub Customer A"]["owner_name"] == "Sub"  # the Reseller column
    assert by_name["Zulu North"]["owner_name"] == ""  # its own owner stays hidden
    assert not {"South", "South Customer", "Platform"} & by_name.keys()


async def test_the_export_takes_the_lists_filters(api: Api, tree: dict[str, Any]) -> None:
    token = tree["tokens"]["north"]
    conditions = {"kind": "CUSTOMER", "ownerId": to_global_id("Organization", tree["sub"].id)}

    exported = records(await export(api, "organizations", token, filter=conditions))
    listed = await graphql_rows(api, token, filter=conditions)

    assert {row["name"] for row in exported} == {"Sub Customer A", "Sub Customer B"}
    assert [row["id"] for row in exported] == [row["id"] for row in listed]


async def test_cells_are_quoted_utf8_and_never_formulas(api: Api, tree: dict[str, Any]) -> None:
    token = tree["tokens"]["north"]
    names = ['=HYPERLINK("http://x.test","y")', "+1", "-2", "@SUM(A1)", 'Zoë, "the" Café\nLtd']
    for name in names:
        await factories.organization(OrganizationKind.CUSTOMER, tree["north"], name=name)

    response = await export(
        api, "organizations", token, orderBy={"field": "CREATED_AT", "direction": "ASC"}
    )
    exported = [row["name"] for row in records(response)]

    assert exported[-5:] == [
        '\'=HYPERLINK("http://x.test","y")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        'Zoë, "the" Café\nLtd',  # quoted, so the comma, quotes and line break survive
    ]
    assert "Zoë".encode() in response.content
    header = response.content.decode().splitlines()[0]
    assert header.lstrip("\ufeff").startswith("id,name,company,kind,status,effective_status")


async def test_users_and_audit_events_export_as_their_lists_show_them(
    api: Api, tree: dict[str, Any]
) -> None:
    customer = tree["Sub Customer A"]
    user = await User.create(email="=cmd@example.com", password_hash="!", first_name="Ann")
    await add_membership(user, customer, Role.MEMBER, [])
    tokens = tree["tokens"]

    users = records(await export(api, "users", tokens["customer"]))
    assert {row["email"] for row in users} == {"customer@example.com", "'=cmd@example.com"}
    south_users = records(await export(api, "users", tokens["south"]))
    assert {row["email"] for row in south_users} == {"south@example.com"}

    suspended = await api(
        'mutation ($id: ID!) { suspendOrganizations(input: {ids: [$id], reason: "unpaid"}) '
        "{ userErrors { code } } }",
        {"id": to_global_id("Organization", customer.id)},
        tokens["sub"],
    )
    assert suspended["data"]["suspendOrganizations"]["userErrors"] == []
    events = records(await export(api, "audit-events", tokens["admin"]))
    assert any(row["actor"] == "sub@example.com" for row in events)
    filtered = records(
        await export(api, "audit-events", tokens["sub"], filter={"action": "organization.suspend"})
    )
    assert [row["action"] for row in filtered] == ["organization.suspend"]
    assert filtered[0]["actor"] == "sub@example.com"


async def test_a_customers_audit_export_names_its_provider_only_as_provider(
    api: Api, tree: dict[str, Any]
) -> None:
    customer = tree["Sub Customer A"]
    await AuditEvent.create(
        action="organization.update",
        actor_email="sub@example.com",
        actor_organization_id=tree["sub"].id,
        organization=customer,
        organization_path=customer.path,
        target_type="Organization",
        ip="198.51.100.1",
    )

    (row,) = records(await export(api, "audit-events", tree["tokens"]["customer"]))

    assert (row["actor"], row["ip"]) == ("provider", "")


@pytest.mark.parametrize(
    ("list_name", "parameters", "status", "code"),
    [
        ("organizations", {"filter": "{not json"}, 400, "BAD_REQUEST"),
        ("organizations", {"filter": {"kind": "SHOE"}}, 400, "BAD_REQUEST"),
        ("organizations", {"filter": {"search": "x" * 255}}, 400, "BAD_REQUEST"),
        ("organizations", {"filter": {"search": "a\u0000b"}}, 400, "BAD_REQUEST"),
        ("organizations", {"filter": [1, 2]}, 400, "BAD_REQUEST"),
        ("organizations", {"orderBy": {"field": "SHOE_SIZE"}}, 400, "BAD_REQUEST"),
        ("organizations", {"page": "2"}, 400, "BAD_REQUEST"),
        ("users", {"filter": {"createdAfter": "yesterday"}}, 400, "BAD_REQUEST"),
        ("audit-events", {"filter": {"action": "x" * 65}}, 400, "BAD_REQUEST"),
        ("shoes", {}, 404, "NOT_FOUND"),
    ],
)
async def test_bad_requests_are_coded_refusals(
    api: Api,
    tree: dict[str, Any],
    list_name: str,
    parameters: dict[str, Any],
    status: int,
    code: str,
) -> None:
    response = await export(api, list_name, tree["tokens"]["north"], **parameters)

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == [code]


async def test_who_may_not_export_is_refused_with_a_code(api: Api, tree: dict[str, Any]) -> None:
    _, member = await factories.quick_member(tree["Sub Customer A"], "m@example.com", Role.MEMBER)

    anonymous = await export(api, "organizations", None)
    forged = await export(api, "organizations", "tk_not-a-token")
    member_audit = await export(api, "audit-events", member)

    assert (anonymous.status_code, anonymous.json()["errors"][0]["extensions"]["code"]) == (
        401,
        "UNAUTHENTICATED",
    )
    assert forged.status_code == 401
    assert (member_audit.status_code, member_audit.json()["errors"][0]["extensions"]["code"]) == (
        403,
        "FORBIDDEN",
    )


async def test_an_expired_token_is_told_so(api: Api, tree: dict[str, Any]) -> None:
    await SessionToken.all().update(expires_at=datetime(2020, 1, 1, tzinfo=UTC))

    response = await export(api, "organizations", tree["tokens"]["north"])

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "TOKEN_EXPIRED",
    }


async def test_a_suspended_organizations_export_is_refused_like_its_graphql(
    api: Api, tree: dict[str, Any]
) -> None:
    await Organization.filter(id=tree["Sub Customer A"].id).update(status="SUSPENDED")

    response = await export(api, "organizations", tree["tokens"]["customer"])

    assert response.status_code == 403
    extensions = response.json()["errors"][0]["extensions"]
    assert extensions["code"] == "ORGANIZATION_SUSPENDED"
    assert extensions["suspension"]["inherited"] is False  # as docs/refusals.md tells it


async def test_statements_per_batch_do_not_depend_on_the_number_of_batches(
    api: Api, tree: dict[str, Any]
) -> None:
    token = tree["tokens"]["admin"]
    customers = {"kind": "CUSTOMER"}
    for number in range(96):  # 100 customers in all: one full batch
        await factories.organization(OrganizationKind.CUSTOMER, tree["sub"], name=f"A {number}")

    with statements_sent() as one_batch:
        assert len(records(await export(api, "organizations", token, filter=customers))) == 100
    for number in range(100):
        await factories.organization(OrganizationKind.CUSTOMER, tree["sub"], name=f"B {number}")
    with statements_sent() as two_batches:
        assert len(records(await export(api, "organizations", token, filter=customers))) == 200

    authentication = 2 * len(one_batch) - len(two_batches)
    assert 0 < authentication <= 3  # looked up once per export, not per batch
    assert len(one_batch) <= 20


TICKET = "query { exportTicket { ticket expiresAt paths } }"


async def test_a_ticket_lets_a_plain_link_export_what_the_token_would(
    api: Api, tree: dict[str, Any]
) -> None:
    token = tree["tokens"]["north"]
    data = (await api.data(TICKET, {}, token))["exportTicket"]

    by_header = records(await export(api, "organizations", token))
    response = await api.client.get(data["paths"][0])  # no Authorization header
    by_link = records(response)
    filtered = records(
        await export(api, "organizations", None, ticket=data["ticket"], filter={"kind": "RESELLER"})
    )

    assert data["paths"] == [
        f"/export/{name}.csv?ticket={data['ticket']}"
        for name in ("organizations", "users", "audit-events")
    ]
    assert by_link == by_header
    assert response.headers["content-disposition"] == 'attachment; filename="organizations.csv"'
    assert {row["name"] for row in filtered} == {"Zulu North", "Sub"}


async def test_a_ticket_works_only_while_its_token_and_its_lifetime_last(
    api: Api, tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tree["tokens"]["north"]
    ticket = (await api.data(TICKET, {}, token))["exportTicket"]["ticket"]

    tampered = ticket[:-2] + ("AA" if not ticket.endswith("AA") else "BB")
    refused = [
        await export(api, "organizations", None, ticket=tampered),
        await export(api, "organizations", None, ticket="not a ticket!"),
    ]
    # A ticket is no bearer token: GraphQL does not take it.
    as_bearer = await api(TICKET, {}, ticket)
    later = datetime.now(UTC) + TICKET_LIFETIME + timedelta(seconds=1)
    monkeypatch.setattr("gql.export.now", lambda: later)
    expired = await export(api, "organizations", None, ticket=ticket)
    monkeypatch.undo()
    assert (await api.data("mutation { logout { revoked } }", {}, token))["logout"]["revoked"]
    logged_out = await export(api, "organizations", None, ticket=ticket)

    for response in [*refused, expired, logged_out]:
        assert response.status_code == 401, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in expired.json()["errors"][0]["message"]
    assert as_bearer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_no_ticket_without_a_token(api: Api) -> None:
    body = await api(TICKET, {})

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
