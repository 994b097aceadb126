"""`organizations`: search, filters, every order, and a statement count that does not grow
with the page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bench.statements import statements_sent
from gql.schema.relay import to_global_id
from models import Department, Membership, Note, Organization, Service, User
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.api import Api, error_codes

PAGE = """
query ($filter: OrganizationFilter, $orderBy: OrganizationOrder, $first: Int) {
  organizations(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount
    edges { node { name } }
  }
}
"""
RICH_PAGE = """
query ($first: Int) {
  organizations(first: $first, filter: {kind: CUSTOMER}) {
    totalCount
    edges { node {
      name effectiveStatus
      owner { name }
      usage { websites databases mailboxes }
      latestNote { text author { email } }
      departments(first: 5) { totalCount edges { node { name } } }
      users(first: 5) { totalCount edges { node { email lastLoginAt } } }
    } }
  }
}
"""


async def _customers(master: Organization, author: User, count: int) -> None:
    for number in range(count):
        customer = await factories.organization(
            OrganizationKind.CUSTOMER, master, name=f"Customer {number:03}"
        )
        for index in range(3):
            await Department.create(organization=customer, name=f"Dept {index}")
            user = await User.create(email=f"u{index}.{number}@example.com", password_hash="!")
            await Membership.create(user=user, organization=customer, role=Role.MEMBER)
        await Service.create(organization=customer, kind=ServiceKind.WEBSITE, name=f"w{number}")
        await Note.create(
            organization=customer, author=author, author_organization=master, text="hi"
        )


async def _statements_for_page(api: Api, token: str, rows: int) -> int:
    with statements_sent() as statements:
        data = await api.data(RICH_PAGE, {"first": rows}, token)
    page = data["organizations"]["edges"]
    assert len(page) == rows
    assert all(edge["node"]["latestNote"]["author"] for edge in page)
    assert all(edge["node"]["users"]["totalCount"] == 3 for edge in page)
    return len(statements)


async def test_statement_count_does_not_depend_on_page_size(api: Api) -> None:
    master = await factories.master()
    admin, token = await factories.quick_member(master, "admin@example.com")
    await _customers(master, admin, 100)

    for_10 = await _statements_for_page(api, token, 10)
    for_100 = await _statements_for_page(api, token, 100)

    assert for_10 == for_100
    # Authentication, the page (with its count), then one query per relation: a handful.
    assert 5 <= for_10 <= 20


@pytest.fixture
async def catalogue() -> tuple[str, dict[str, Organization]]:
    """An administrator's token and a small catalogue of organizations to search and sort."""
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Zeta Reseller")
    specs: list[tuple[str, str, str, Organization, OrganizationStatus, int, int]] = [
        ("Alpha Bakery", "Bread Ltd", "bake@alpha.test", master, OrganizationStatus.ACTIVE, 3, 0),
        ("beta Cafe", "Coffee Co", "hello@beta.test", reseller, OrganizationStatus.SUSPENDED, 1, 2),
        (
            "Gamma Garden",
            "Aardvark Inc",
            "g@gamma.test",
            reseller,
            OrganizationStatus.PENDING,
            0,
            1,
        ),
    ]
    orgs = {"master": master, "reseller": reseller}
    for name, company, email, owner, status, websites, databases in specs:
        org = await factories.organization(
            OrganizationKind.CUSTOMER, owner, name=name, status=status
        )
        org.company, org.contact_email = company, email
        await org.save()
        for kind, count in ((ServiceKind.WEBSITE, websites), (ServiceKind.DATABASE, databases)):
            for number in range(count):
                await Service.create(organization=org, kind=kind, name=f"{name}-{kind}-{number}")
        orgs[name] = org
    olga = await User.create(
        email="olga.owner@gamma.test", password_hash="!", first_name="Olga", last_name="Nakamura"
    )
    await Membership.create(user=olga, organization=orgs["Gamma Garden"], role=Role.OWNER)
    return token, orgs


async def _names(api: Api, token: str, **variables: Any) -> list[str]:
    data = (await api.data(PAGE, {"first": 100, **variables}, token))["organizations"]
    found = [edge["node"]["name"] for edge in data["edges"]]
    assert data["totalCount"] == len(found)
    return found


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("BAKERY", ["Alpha Bakery"]),  # name, any case
        ("coffee", ["beta Cafe"]),  # company
        ("@gamma.test", ["Gamma Garden"]),  # contact email (and the owner's)
        ("nakamura", ["Gamma Garden"]),  # owner's last name
        ("olga.owner", ["Gamma Garden"]),  # owner's email
        ("100%_", []),  # LIKE wildcards are literal
    ],
)
async def test_search(
    api: Api, catalogue: tuple[str, dict[str, Organization]], search: str, expected: list[str]
) -> None:
    token, _ = catalogue

    assert await _names(api, token, filter={"search": search}) == expected


async def test_filters_by_kind_status_and_owner(
    api: Api, catalogue: tuple[str, dict[str, Organization]]
) -> None:
    token, orgs = catalogue
    reseller = to_global_id("Organization", orgs["reseller"].id)
    master = to_global_id("Organization", orgs["master"].id)
    by_name = {"field": "NAME", "direction": "ASC"}

    assert await _names(api, token, filter={"kind": "RESELLER"}) == ["Zeta Reseller"]
    assert await _names(api, token, filter={"status": "SUSPENDED"}) == ["beta Cafe"]
    assert await _names(api, token, filter={"ownerId": reseller}, orderBy=by_name) == [
        "beta Cafe",  # names sort regardless of case
        "Gamma Garden",
    ]
    assert await _names(api, token, filter={"ownerId": master}, orderBy=by_name) == [
        "Alpha Bakery",
        "Zeta Reseller",
    ]
    everything_below = await _names(
        api, token, filter={"ownerId": master, "includeDescendants": True, "kind": "CUSTOMER"}
    )
    assert sorted(everything_below) == ["Alpha Bakery", "Gamma Garden", "beta Cafe"]
    unknown = to_global_id("Organization", uuid.uuid4())
    assert await _names(api, token, filter={"ownerId": unknown}) == []
    assert await _names(api, token, filter={"ownerId": "not-an-id"}) == []


@pytest.mark.parametrize(
    ("field", "ascending"),
    [
        ("NAME", ["Alpha Bakery", "beta Cafe", "Gamma Garden"]),
        ("COMPANY", ["Gamma Garden", "Alpha Bakery", "beta Cafe"]),
        ("EMAIL", ["Alpha Bakery", "Gamma Garden", "beta Cafe"]),  # bake@, g@, hello@
        ("STATUS", ["Alpha Bakery", "Gamma Garden", "beta Cafe"]),
        ("CREATED_AT", ["Alpha Bakery", "beta Cafe", "Gamma Garden"]),
        ("WEBSITES", ["Gamma Garden", "beta Cafe", "Alpha Bakery"]),
        ("DATABASES", ["Alpha Bakery", "Gamma Garden", "beta Cafe"]),
    ],
)
async def test_every_order_in_both_directions(
    api: Api,
    catalogue: tuple[str, dict[str, Organization]],
    field: str,
    ascending: list[str],
) -> None:
    token, _ = catalogue
    customers = {"kind": "CUSTOMER"}

    up = await _names(api, token, filter=customers, orderBy={"field": field, "direction": "ASC"})
    down = await _names(api, token, filter=customers, orderBy={"field": field, "direction": "DESC"})

    assert up == ascending
    assert down == list(reversed(ascending))


async def test_an_unknown_order_field_is_a_bad_request(
    api: Api, catalogue: tuple[str, dict[str, Organization]]
) -> None:
    token, _ = catalogue

    body = await api(PAGE, {"orderBy": {"field": "SHOE_SIZE"}}, token)

    assert error_codes(body) == ["BAD_REQUEST"]


OWNERS_AND_POLICIES = """
query {
  organizations(first: 10, filter: {kind: CUSTOMER}) {
    edges { node { name owner { name } effectiveSecurityPolicy { minPasswordLength } } }
  }
}
"""


async def test_two_relations_naming_one_read_share_its_loader_and_its_statement(
    api: Api,
) -> None:
    # `owner` and `effectiveSecurityPolicy` are two relations of a row (its owner's model,
    # its own) naming the same batch read, organizations by id: the request has one loader
    # for that read, so the page prefetches both in one statement.
    master = await factories.master()
    admin, token = await factories.quick_member(master, "admin@example.com")
    await _customers(master, admin, 3)

    with statements_sent() as statements:
        data = await api.data(OWNERS_AND_POLICIES, {}, token)

    nodes = [edge["node"] for edge in data["organizations"]["edges"]]
    assert [node["owner"] for node in nodes] == [{"name": master.name}] * 3
    assert all(node["effectiveSecurityPolicy"]["minPasswordLength"] >= 8 for node in nodes)
    # The batch reads by id; the page itself (ids picked by a subquery) has a LIMIT.
    reads = [sql for sql, _ in statements if 'FROM "organization" WHERE "id" ' in sql]
    by_id = [sql for sql in reads if "LIMIT" not in sql]
    assert len(by_id) == 1, by_id


async def test_a_search_never_widens_what_a_reseller_sees(api: Api) -> None:
    """Both halves of the search (names, owners) are found platform-wide; the caller's
    scope still bounds the answer, even for an owner of customers under two resellers."""
    master = await factories.master()
    mine = await factories.organization(OrganizationKind.RESELLER, master, name="Mine")
    other = await factories.organization(OrganizationKind.RESELLER, master, name="Other")
    _, token = await factories.quick_member(mine, "staff@mine.test")
    own = await factories.organization(OrganizationKind.CUSTOMER, mine, name="Acorn Mine")
    await factories.organization(OrganizationKind.CUSTOMER, other, name="Acorn Other")
    owned_elsewhere = await factories.organization(OrganizationKind.CUSTOMER, other, name="Elm")
    shared = await User.create(email="oak.owner@example.com", password_hash="!", last_name="Oak")
    for customer in (own, owned_elsewhere):
        await Membership.create(user=shared, organization=customer, role=Role.OWNER)

    assert await _names(api, token, filter={"search": "acorn"}) == ["Acorn Mine"]
    assert await _names(api, token, filter={"search": "oak"}) == ["Acorn Mine"]


STATUSES_PAGE = """
query ($kind: OrganizationKind) {
  organizations(first: 50, filter: {kind: $kind}) { edges { node { name effectiveStatus } } }
}
"""


def _status_reads(statements: list[tuple[str, list[Any]]]) -> int:
    return sum(sql.startswith("SELECT id, status FROM organization") for sql, _ in statements)


async def test_effective_statuses_read_only_what_the_request_does_not_know(api: Api) -> None:
    """The viewer's organization and those above it were ACTIVE when the request was
    authenticated: the page's own statement walks up from each row only to below the
    viewer, so no page reads ancestors' statuses on its own, whether the organizations in
    between are on the page or not, and the answers come out as their statuses say."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
    _, token = await factories.quick_member(reseller, "reseller@example.com")
    await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Open")
    await factories.organization(
        OrganizationKind.CUSTOMER, reseller, name="Shut", status=OrganizationStatus.SUSPENDED
    )
    sub = await factories.organization(
        OrganizationKind.RESELLER, reseller, name="Sub", status=OrganizationStatus.SUSPENDED
    )
    await factories.organization(OrganizationKind.CUSTOMER, sub, name="Under sub")
    direct = {"Open": "ACTIVE", "Shut": "SUSPENDED"}

    async def page(kind: str | None) -> tuple[dict[str, str], int]:
        with statements_sent() as statements:
            data = await api.data(STATUSES_PAGE, {"kind": kind}, token)
        nodes = [edge["node"] for edge in data["organizations"]["edges"]]
        return {n["name"]: n["effectiveStatus"] for n in nodes}, _status_reads(statements)

    # Sub itself is on the page (and the viewer's own): its status came with its row.
    every = {**direct, "R": "ACTIVE", "Sub": "SUSPENDED", "Under sub": "SUSPENDED"}
    assert await page(None) == (every, 0)
    # Sub is not: the walk up from the customer under it reads Sub's status.
    assert await page("CUSTOMER") == ({**direct, "Under sub": "SUSPENDED"}, 0)
    # The administrator's walk goes two levels up, through R and Sub.
    token = await factories.session_for(*await factories.member(master, "staff@example.com"))
    await reseller.update_from_dict({"status": OrganizationStatus.PENDING}).save()
    pending = {"Open": "PENDING", "Shut": "SUSPENDED", "Under sub": "SUSPENDED"}
    assert await page("CUSTOMER") == (pending, 0)


async def test_an_effective_status_without_an_authenticated_viewer_reads_the_chain(
    api: Api,
) -> None:
    """The login's payload shows the new session's organization before the request has a
    viewer: nothing is taken as known, and the status is read."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="C")
    await factories.member(customer, "owner@example.com")
    login = """
    mutation ($email: String!, $password: String!) {
      login(input: {email: $email, password: $password}) {
        viewer { organization { name effectiveStatus } }
      }
    }
    """
    with statements_sent() as statements:
        data = await api.data(login, {"email": "owner@example.com", "password": factories.PASSWORD})
    assert data["login"]["viewer"]["organization"] == {"name": "C", "effectiveStatus": "ACTIVE"}
    assert _status_reads(statements) >= 1


LATEST_NOTES_PAGE = """
{
  organizations(first: 10, filter: {kind: CUSTOMER}) {
    edges { node { name latestNote { id text } notes(first: 1) { edges { node { id } } } } }
  }
}
"""


async def test_each_row_of_a_page_shows_its_newest_visible_note(api: Api) -> None:
    """The page's one read of latest notes picks, per customer, the first of what `notes`
    lists (newest first, ties by id): hidden notes never win, an equal time breaks the same
    way, and a customer with no note it may read shows none."""
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
    staff, token = await factories.quick_member(reseller, "reseller@example.com")
    admin, _ = await factories.quick_member(master, "admin@example.com")
    moment = datetime(2026, 1, 1, tzinfo=UTC)

    async def note(customer: Organization, text: str, by: User, org: Organization, at: int) -> None:
        await Note.create(
            organization=customer, author=by, author_organization=org, text=text,
            created_at=moment + timedelta(minutes=at),
        )  # fmt: skip

    spread = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Spread")
    for minute in (1, 3, 2):
        await note(spread, f"at {minute}", staff, reseller, minute)
    await note(spread, "the platform's, newest", admin, master, 9)  # not the reseller's to read
    tied = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Tied")
    for text in ("one", "two", "three"):
        await note(tied, text, staff, reseller, 5)
    hidden = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Hidden")
    await note(hidden, "the platform's only", admin, master, 1)

    data = await api.data(LATEST_NOTES_PAGE, {}, token)

    rows = {edge["node"]["name"]: edge["node"] for edge in data["organizations"]["edges"]}
    assert rows["Spread"]["latestNote"]["text"] == "at 3"
    assert rows["Hidden"]["latestNote"] is None
    assert rows["Hidden"]["notes"]["edges"] == []
    for row in rows.values():
        listed = [edge["node"]["id"] for edge in row["notes"]["edges"]]
        latest = [row["latestNote"]["id"]] if row["latestNote"] else []
        assert latest == listed, row["name"]
