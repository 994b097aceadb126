"""The customer search (`organizations(filter: {search})`) is index-backed on PostgreSQL:
its statements, as the API sends them, plan without a sequential scan of memberships or
organizations and without testing each organization against a subquery, whatever the
platform's size. Checked on PostgreSQL's plan (EXPLAIN, JSON), never on a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from tortoise import connections

import database
from bench.statements import statements_sent
from domain import listing
from domain.actor import Actor
from models import Membership, Organization, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

PAGE = """
query ($search: String) {
  organizations(first: 100, filter: {kind: CUSTOMER, search: $search}) {
    totalCount
    edges { node { name } }
  }
}
"""
# Big enough that scanning a table costs the planner more than looking the few matches
# up; small enough to seed in a second or two.
CUSTOMERS = 2_000
OWNER_INDEX = "idx_membership_owner_user_org"


async def _platform(master: Organization) -> None:
    """CUSTOMERS customers, each with an OWNER and two MEMBERs (so most memberships are not
    OWNER ones), in bulk; one customer and one other customer's owner answer "quixote"."""
    customers, users, memberships = [], [], []
    for number in range(CUSTOMERS):
        org_id = uuid4()
        name = "Quixote Books" if number == 7 else f"Customer {number:05}"
        customers.append(
            Organization(
                id=org_id, kind=OrganizationKind.CUSTOMER, name=name, owner_id=master.id,
                path=f"{master.path}{org_id.hex}/", depth=1,
                company=f"{name} Ltd", contact_email=f"info@c{number}.example",
            )
        )  # fmt: skip
        for role in (Role.OWNER, Role.MEMBER, Role.MEMBER):
            user_id = uuid4()
            last = "Quixote" if number == 1234 and role == Role.OWNER else f"Person{number}"
            users.append(
                User(
                    id=user_id, email=f"{role.lower()}.{user_id.hex[:12]}@c{number}.example",
                    password_hash="!", first_name="Test", last_name=last,
                )
            )  # fmt: skip
            memberships.append(Membership(user_id=user_id, organization_id=org_id, role=role))
    await Organization.bulk_create(customers, batch_size=500)
    await User.bulk_create(users, batch_size=500)
    await Membership.bulk_create(memberships, batch_size=500)
    # Fresh statistics and visibility map, as autovacuum keeps them on a live database.
    await connections.get("default").execute_script(
        'VACUUM ANALYZE "organization", "user", "membership"'
    )


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


async def test_the_search_is_index_backed_on_postgresql(db: str, api: Api) -> None:
    if database.dialect_of(db) != "postgres":
        pytest.skip("the plan checked is PostgreSQL's (trigram and partial indexes)")
    master = await factories.master()
    _, token = await factories.quick_member(master, "admin@example.com")
    await _platform(master)

    with statements_sent() as sent:
        data = await api.data(PAGE, {"search": "QUIXOTE"}, token)

    found = data["organizations"]
    assert sorted(edge["node"]["name"] for edge in found["edges"]) == [
        "Customer 01234",
        "Quixote Books",
    ]
    assert found["totalCount"] == 2
    searches = [(sql, values) for sql, values in sent if " LIKE " in sql]
    assert len(searches) == 1, sent  # the page, its count a column of it
    connection = connections.get("default")
    for sql, values in searches:
        rows = await connection.execute_query_dict(f"EXPLAIN (FORMAT JSON) {sql}", values)
        plan = rows[0]["QUERY PLAN"]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        nodes = list(_nodes(plan[0]["Plan"]))
        # The listed organizations (alias "organization") are looked up by id, never
        # scanned; the name half may scan a table this small instead of its trigram
        # indexes (test_migrations checks those serve it), the owner half may not.
        scanned = {node["Alias"] for node in nodes if node["Node Type"] == "Seq Scan"}
        assert not {"organization", "membership", "membership__user"} & scanned, plan
        # The count is evaluated once (an InitPlan), nothing per organization (a SubPlan).
        assert [node.get("Parent Relationship") for node in nodes].count("InitPlan") == 1, plan
        assert not [node for node in nodes if node.get("Parent Relationship") == "SubPlan"], plan
        indexes = {node.get("Index Name") for node in nodes}
        assert OWNER_INDEX in indexes, plan


async def test_no_session_of_the_app_compiles_statements_on_postgresql(db: str) -> None:
    """JIT compilation, which a grown table's cost estimate switches on, cost the search
    page 33 ms of 90 at 10x the bench data: it is off on every pool, replicas included."""
    if database.dialect_of(db) != "postgres":
        pytest.skip("jit is PostgreSQL's")
    for name in ("default", database.SEARCHES):
        assert await connections.get(name).execute_query_dict("SHOW jit") == [{"jit": "off"}]
    config = database.tortoise_config(db, [db, db])
    settings = [c["credentials"]["server_settings"] for c in config["connections"].values()]
    assert [s["jit"] for s in settings] == ["off"] * 4


async def test_the_search_alone_is_planned_for_its_parameters_on_postgresql(db: str) -> None:
    """A prepared statement's sixth run may get PostgreSQL's plan for any parameters,
    which cannot use the trigram indexes or the OWNER index: the search runs on a pool
    whose sessions plan each run (database.SEARCHES); every other statement keeps the
    cached plans, which the small requests need (a plan per run cost them half again)."""
    if database.dialect_of(db) != "postgres":
        pytest.skip("plan_cache_mode is PostgreSQL's")
    show = "SHOW plan_cache_mode"
    searches = await connections.get(database.SEARCHES).execute_query_dict(show)
    default = await connections.get("default").execute_query_dict(show)
    assert searches == [{"plan_cache_mode": "force_custom_plan"}]
    assert default == [{"plan_cache_mode": "auto"}]

    master = await factories.master()
    actor = Actor(organization=master, role=Role.OWNER, access_rights=frozenset())
    searched = await listing.organizations(actor, listing.OrganizationQuery(search="acme"))
    listed = await listing.organizations(actor, listing.OrganizationQuery())
    assert searched._db is connections.get(database.SEARCHES)  # the queryset's own choice
    assert listed._db is not connections.get(database.SEARCHES)
