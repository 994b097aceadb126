"""The visibility rules' SQL forms select exactly what their querysets select, for every
kind of actor, on a tree with rows each rule must leave out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from tortoise import connections
from tortoise.queryset import QuerySet
from tortoise.timezone import now

from database import native_sql
from domain import moves, scope
from domain.actor import Actor
from models import Department, Membership, Note, Organization, User
from models.enums import OrganizationKind, Role
from tests import factories

RESELLER = OrganizationKind.RESELLER
CUSTOMER = OrganizationKind.CUSTOMER


@dataclass
class Tree:
    orgs: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)


@pytest.fixture
async def tree() -> Tree:
    """master ── reseller-a ── sub-a ── cust-sub
    │            ├─ cust-a (two owners, an admin, members with and without a department)
    │            └─ cust-moved (moved here from reseller-b, with reseller-b's note)
    ├─ reseller-b ── cust-b
    └─ cust-m

    Every organization has members and departments (customers) and notes from each level
    above it, so that every rule has rows to let through and rows to leave out."""
    t = Tree()
    t.orgs["master"] = await factories.master()
    for name, kind, owner in [
        ("reseller-a", RESELLER, "master"),
        ("reseller-b", RESELLER, "master"),
        ("sub-a", RESELLER, "reseller-a"),
        ("cust-a", CUSTOMER, "reseller-a"),
        ("cust-moved", CUSTOMER, "reseller-b"),
        ("cust-b", CUSTOMER, "reseller-b"),
        ("cust-sub", CUSTOMER, "sub-a"),
        ("cust-m", CUSTOMER, "master"),
    ]:
        t.orgs[name] = await factories.organization(kind, t.orgs[owner], name=name)
    departments = {
        (org, name): await Department.create(
            organization=t.orgs[org], name=name, allowed_ip_ranges=ranges, primary_color="#123456"
        )
        for org, name, ranges in [
            ("cust-a", "Marketing", ["192.0.2.0/24"]),
            ("cust-a", "Engineering", []),
            ("cust-b", "Sales", []),
            ("cust-sub", "Operations", []),
            ("cust-m", "Head office", []),
        ]
    }
    people = [
        ("admin", "master", Role.OWNER),
        ("support", "master", Role.MEMBER),
        ("ra-owner", "reseller-a", Role.OWNER),
        ("ra-member", "reseller-a", Role.MEMBER),
        ("rb-owner", "reseller-b", Role.OWNER),
        ("sub-owner", "sub-a", Role.OWNER),
        ("ca-owner", "cust-a", Role.OWNER),
        ("ca-second-owner", "cust-a", Role.OWNER),
        ("ca-admin", "cust-a", Role.ADMIN),
        ("ca-member", "cust-a", Role.MEMBER),
        ("ca-loner", "cust-a", Role.MEMBER),
        ("cb-owner", "cust-b", Role.OWNER),
        ("cb-member", "cust-b", Role.MEMBER),
        ("moved-owner", "cust-moved", Role.OWNER),
        ("cs-owner", "cust-sub", Role.OWNER),
        ("cm-owner", "cust-m", Role.OWNER),
    ]
    for person, org, role in people:
        user, _ = await factories.quick_member(t.orgs[org], f"{person}@example.com", role)
        t.users[person] = user
    # A login in two customers, the second of another reseller; members with departments
    # in their own customer, and one whose department is in another customer.
    await Membership.create(user=t.users["ca-owner"], organization=t.orgs["cust-b"], role="MEMBER")
    for person, department in [
        ("ca-member", ("cust-a", "Marketing")),
        ("cb-member", ("cust-a", "Engineering")),
        ("ca-admin", ("cust-a", "Engineering")),
    ]:
        await User.filter(id=t.users[person].id).update(department_id=departments[department].id)
    # The second owner joined later: "first owner" order is by membership.
    await Membership.filter(user=t.users["ca-second-owner"]).update(
        created_at=now() + timedelta(minutes=5)
    )

    for person, org, _ in people:
        t.users[person] = await User.get(id=t.users[person].id)
        membership = await Membership.get(
            user=t.users[person], organization=t.orgs[org]
        ).select_related("organization")
        t.actors[person] = Actor.of_member(membership, t.users[person])
    t.actors["ca-member-key"] = Actor(
        organization=t.orgs["cust-a"], role=Role.MEMBER, access_rights=frozenset()
    )

    written = now() - timedelta(days=1)
    for minute, (author, subject) in enumerate(
        [
            ("admin", "reseller-a"),
            ("admin", "cust-a"),
            ("admin", "cust-b"),
            ("ra-owner", "cust-a"),
            ("ra-owner", "sub-a"),
            ("ra-owner", "cust-sub"),
            ("sub-owner", "cust-sub"),
            ("rb-owner", "cust-b"),
            ("rb-owner", "cust-moved"),  # before the move: reseller-b keeps neither
        ]
    ):
        actor = t.actors[author]
        await Note.create(
            organization=t.orgs[subject],
            author=actor.user,
            author_organization=actor.organization,
            text=f"{author} on {subject}",
            created_at=written + timedelta(minutes=minute),
        )
    # Two notes written in the same instant: newest first falls back to the id.
    for text in ("tie one", "tie two"):
        await Note.create(
            organization=t.orgs["cust-a"],
            author=t.users["ra-member"],
            author_organization=t.orgs["reseller-a"],
            text=text,
            created_at=written + timedelta(hours=1),
        )
    await moves.move(
        t.actors["admin"],
        [t.orgs["cust-moved"].id],
        new_owner_id=t.orgs["reseller-a"].id,
        plan_id=None,
        dry_run=False,
    )
    t.orgs["cust-moved"] = await Organization.get(id=t.orgs["cust-moved"].id)
    await Note.create(
        organization=t.orgs["cust-moved"],
        author=t.users["ra-owner"],
        author_organization=t.orgs["reseller-a"],
        text="ra-owner on cust-moved",
    )
    return t


ACTORS = [
    "admin",
    "support",
    "ra-owner",
    "ra-member",
    "sub-owner",
    "rb-owner",
    "ca-owner",
    "ca-admin",
    "ca-member",
    "ca-loner",
    "cb-member",
    "ca-member-key",
]

# (table, queryset rule, SQL rule) for every rule with a SQL form.
RULES: list[tuple[str, Callable[[Actor], QuerySet[Any]], Callable[[Actor], scope.Condition]]] = [
    (
        "organization",
        scope.visible_organizations,
        lambda a: scope.visible_organization_ids_sql(a, "t.id"),
    ),
    ("membership", scope.visible_memberships, lambda a: scope.visible_memberships_sql(a, "t")),
    ("department", scope.visible_departments, lambda a: scope.visible_departments_sql(a, "t")),
    ("note", scope.visible_notes, lambda a: scope.visible_notes_sql(a, "t")),
]


async def _ids_where(table: str, condition: scope.Condition) -> set[UUID]:
    connection = connections.get("default")
    statement = native_sql(
        f"SELECT t.id FROM {table} t WHERE {condition.sql}", connection.capabilities.dialect
    )
    _, rows = await connection.execute_query(statement, list(condition.params))
    return {UUID(str(row[0])) for row in rows}


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(("table", "queryset", "sql"), RULES, ids=[rule[0] for rule in RULES])
async def test_a_rule_as_sql_selects_the_rows_its_queryset_selects(
    tree: Tree,
    who: str,
    table: str,
    queryset: Callable[[Actor], QuerySet[Any]],
    sql: Callable[[Actor], scope.Condition],
) -> None:
    actor = tree.actors[who]

    expected = set(await queryset(actor).values_list("id", flat=True))
    selected = await _ids_where(table, sql(actor))

    assert selected == expected
    everything = await _ids_where(table, scope.EVERYTHING)
    if actor.is_administrator:
        assert selected == everything
    else:
        assert selected < everything  # the tree has rows this actor must not see


async def test_the_tree_has_what_each_rule_must_tell_apart(tree: Tree) -> None:
    """The cases the comparisons above rely on, stated once."""
    notes = {
        who: {n.text for n in await scope.visible_notes(tree.actors[who])}
        for who in ("ra-owner", "rb-owner", "sub-owner", "ca-owner")
    }
    assert "rb-owner on cust-moved" not in notes["ra-owner"] | notes["rb-owner"]
    assert "ra-owner on cust-moved" in notes["ra-owner"]
    assert notes["sub-owner"] == {"sub-owner on cust-sub"}
    assert notes["ca-owner"] == set()
    own = await scope.visible_departments(tree.actors["ca-member"])
    assert [d.name for d in own] == ["Marketing"]
    assert await scope.visible_departments(tree.actors["ca-loner"]) == []
