"""Keyset cursors, property-tested: rows inserted and deleted between pages never make a
row that existed throughout appear twice or go missing.

For every example hypothesis draws a list (root `organizations`, `users` or `auditEvents`
in one of its orders, or an organization's nested `customers`), a viewer (an administrator,
or the reseller whose rows change: its own row sorts apart by owner name), a direction
(forwards with first/after, backwards with last/before), a page size, a starting set of
rows with many ties on their sort keys (names differing only in case, shared login times
and expiry dates, NULLs, no owner or plan), and for each page the rows to insert and
delete before the next one is read. Pages are read through the API.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.hierarchy.organizations import new_organization
from domain.people.logins import add_membership
from gql.schema.relay import to_global_id
from models import AuditEvent, Membership, Organization, Plan, Service, User
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind, UserStatus
from tests import factories
from tests.api import Api
from tests.database import empty_all_tables

ORGANIZATIONS = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: OrganizationOrder) {
  list: organizations(first: $first, after: $after, last: $last, before: $before,
                      orderBy: $order) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
USERS = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: UserOrder) {
  list: users(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
AUDIT_EVENTS = """
query ($first: Int, $after: String, $last: Int, $before: String, $order: AuditEventOrder) {
  list: auditEvents(first: $first, after: $after, last: $last, before: $before,
                    orderBy: $order) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
CUSTOMERS = """
query ($owner: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  organization(id: $owner) {
    list: customers(first: $first, after: $after, last: $last, before: $before) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}
"""
ORGANIZATION_ORDERS = [
    *("NAME", "COMPANY", "EMAIL", "STATUS", "CREATED_AT", "WEBSITES", "DATABASES", "KIND"),
    *("UPDATED_AT", "OWNER_NAME", "PLAN_NAME", "MAILBOXES", "USERS", "EXPIRES_AT"),
]
USER_ORDERS = ["EMAIL", "NAME", "CREATED_AT", "LAST_LOGIN_AT", "FIRST_NAME", "STATUS", "UPDATED_AT"]
AUDIT_ORDERS = ["TIME", "ACTOR", "ACTION"]
# Few values, so that sort keys tie often (and tie case-insensitively).
TEXTS = ["alpha", "Alpha", "beta", "BETA", "gamma", ""]
LOGINS = [None, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)]
MAX_PAGES = 40
LISTS: list[tuple[str, str | None]] = [
    *(("organizations", order) for order in ORGANIZATION_ORDERS),
    *(("users", order) for order in USER_ORDERS),
    *(("auditEvents", order) for order in AUDIT_ORDERS),
    *(("customers", None),) * 3,  # the nested list, drawn as often as a root list's orders
]


@dataclass(frozen=True)
class Row:
    """A row to create: its texts and a number (for organizations: its services, its owner
    and its status; for users: the login time and status; for events: the time) drawn
    from the small sets above."""

    first: str
    second: str
    number: int


rows = st.builds(
    Row,
    st.sampled_from(TEXTS),
    st.sampled_from(TEXTS),
    st.integers(min_value=0, max_value=2),
)


@dataclass(frozen=True)
class Step:
    """What happens after a page is read: rows inserted, and existing rows deleted (each
    picks a row by its position among those alive, modulo their number)."""

    inserts: list[Row]
    deletes: list[int]


@dataclass(frozen=True)
class Scenario:
    list_name: str  # organizations, users, auditEvents or customers
    order: str | None
    as_reseller: bool  # read by the reseller rather than an administrator
    direction: str
    forward: bool
    page_size: int
    initial: list[Row]
    steps: list[Step]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    # One draw over every (list, order): each is drawn as often as the others.
    list_name, order = draw(st.sampled_from(LISTS))
    return Scenario(
        list_name=list_name,
        order=order,
        as_reseller=draw(st.booleans()),
        direction=draw(st.sampled_from(["ASC", "DESC"])),
        forward=draw(st.booleans()),
        page_size=draw(st.integers(min_value=1, max_value=3)),
        initial=draw(st.lists(rows, min_size=1, max_size=8)),
        steps=draw(
            st.lists(
                st.builds(
                    Step,
                    st.lists(rows, max_size=2),
                    st.lists(st.integers(min_value=0, max_value=50), max_size=2),
                ),
                max_size=6,
            )
        ),
    )


class World:
    """An administrator, a reseller whose customers (or users, or events) are the rows that
    change, two sub-resellers that own some of those customers (owner names that tie in
    any letter case: "R" and "r"), and plans whose names tie the same way."""

    def __init__(
        self,
        reseller: Organization,
        owners: list[Organization],
        plans: list[Plan | None],
        tokens: tuple[str, str],
    ) -> None:
        self.reseller = reseller
        self.owners = owners
        self.plans = plans
        self.tokens = tokens
        self.counter = 0

    def token(self, scenario: Scenario) -> str:
        return self.tokens[1] if scenario.as_reseller else self.tokens[0]

    @classmethod
    async def build(cls) -> World:
        master = await factories.master()
        reseller = await factories.organization(OrganizationKind.RESELLER, master, name="R")
        subs = [
            await factories.organization(OrganizationKind.RESELLER, reseller, name=name)
            for name in ("r", "Beta")
        ]
        plans: list[Plan | None] = [None]
        plans += [await Plan.create(owner=reseller, name=name) for name in ("alpha", "Alpha")]
        admin, membership = await factories.member(master, "admin@example.com")
        staff = await User.create(email="staff@example.com", password_hash="!")
        seat = await Membership.create(user=staff, organization=reseller, role=Role.OWNER)
        tokens = (
            await factories.session_for(admin, membership),
            await factories.session_for(staff, seat),
        )
        return cls(reseller, [reseller, *subs], plans, tokens)

    async def insert(self, list_name: str, row: Row) -> Any:
        self.counter += 1
        if list_name == "users":
            user = await User.create(
                email=f"{row.first.lower() or 'x'}{self.counter}@example.com",
                password_hash="unused",
                first_name=row.first,
                last_name=row.second,
                last_login_at=LOGINS[row.number],
                status=UserStatus.DISABLED if row.number == 1 else UserStatus.ACTIVE,
            )
            await add_membership(user, self.reseller, Role.MEMBER, [])
            return user.id
        if list_name == "auditEvents":
            event = await AuditEvent.create(
                action=row.first or "x",
                actor_email=row.second,
                actor_organization_id=self.reseller.id,
                organization=self.reseller,
                organization_path=self.reseller.path,
                target_type="Organization",
            )
            # Shared times, so that the time order ties too.
            at = LOGINS[row.number] or datetime(2025, 1, 1, tzinfo=UTC)
            await AuditEvent.filter(id=event.id).update(created_at=at)
            return event.id
        status = OrganizationStatus.SUSPENDED if row.number == 1 else OrganizationStatus.ACTIVE
        owner = self.reseller if list_name == "customers" else self.owners[row.number]
        customer = await new_organization(
            OrganizationKind.CUSTOMER, row.first or "unnamed", owner, status=status
        )
        plan = self.plans[TEXTS.index(row.second) % len(self.plans)]
        await Organization.filter(id=customer.id).update(
            company=row.second,
            contact_email=f"{row.second.lower() or 'x'}@example.com",
            plan_id=plan.id if plan else None,
            # Shared expiry dates and none (NULL), for EXPIRES_AT.
            expires_at=LOGINS[TEXTS.index(row.first) % len(LOGINS)],
        )
        for kind in [ServiceKind.WEBSITE, ServiceKind.DATABASE][: row.number]:
            await Service.create(organization=customer, kind=kind, name=f"s{self.counter}")
        return customer.id

    async def delete(self, list_name: str, row_id: Any) -> None:
        model = {"users": User, "auditEvents": AuditEvent}.get(list_name, Organization)
        await model.filter(id=row_id).delete()


async def read_all(api: Api, world: World, scenario: Scenario, mutate: Any) -> list[str]:
    """Every id the pages answer, in the order read, calling `mutate(page_number)` between
    pages."""
    query = {
        "organizations": ORGANIZATIONS,
        "users": USERS,
        "auditEvents": AUDIT_EVENTS,
        "customers": CUSTOMERS,
    }
    variables: dict[str, Any] = {}
    if scenario.order is not None:
        variables["order"] = {"field": scenario.order, "direction": scenario.direction}
    if scenario.list_name == "customers":
        variables["owner"] = to_global_id("Organization", world.reseller.id)
    size, cursor = ("first", "after") if scenario.forward else ("last", "before")
    variables[size] = scenario.page_size
    seen: list[str] = []
    for page_number in range(MAX_PAGES):
        data = await api.data(query[scenario.list_name], variables, world.token(scenario))
        page = data["organization"]["list"] if scenario.list_name == "customers" else data["list"]
        ids = [edge["node"]["id"] for edge in page["edges"]]
        seen.extend(ids if scenario.forward else reversed(ids))
        info = page["pageInfo"]
        if not info["hasNextPage" if scenario.forward else "hasPreviousPage"]:
            return seen
        await mutate(page_number)
        variables[cursor] = info["endCursor" if scenario.forward else "startCursor"]
    raise AssertionError(f"still paging after {MAX_PAGES} pages: {seen}")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios())
async def test_pages_never_repeat_or_skip_a_row_that_existed_throughout(
    api: Api, scenario: Scenario
) -> None:
    viewer = "reseller" if scenario.as_reseller else "admin"
    event(f"{scenario.list_name} {scenario.order} {'forward' if scenario.forward else 'back'}")
    event(f"{scenario.list_name} read by {viewer}")
    await empty_all_tables()
    world = await World.build()
    alive = [await world.insert(scenario.list_name, row) for row in scenario.initial]
    deleted: set[Any] = set()

    async def mutate(page_number: int) -> None:
        if page_number >= len(scenario.steps):
            return
        step = scenario.steps[page_number]
        for pick in step.deletes:
            if alive:
                victim = alive.pop(pick % len(alive))
                deleted.add(victim)
                await world.delete(scenario.list_name, victim)
        for row in step.inserts:
            await world.insert(scenario.list_name, row)  # new rows may or may not show

    async def unchanged(page_number: int) -> None:
        pass

    # The whole list, in one page, before anything changes.
    whole = replace(scenario, forward=True, page_size=100)
    before = await read_all(api, world, whole, unchanged)
    seen = await read_all(api, world, scenario, mutate)

    node_type = {"users": "User", "auditEvents": "AuditEvent"}.get(
        scenario.list_name, "Organization"
    )
    gone = {to_global_id(node_type, row_id) for row_id in deleted}
    throughout = set(before) - gone
    repeated = {gid for gid in seen if seen.count(gid) > 1}
    assert not repeated, f"rows read twice: {repeated}"
    assert throughout <= set(seen), f"rows skipped: {throughout - set(seen)}"
