"""The visibility rules' SQL forms select exactly what their querysets select, and the
loaders' hand-written batch reads (domain/batches.py) answer exactly what the queryset
loaders they replaced answered, for every kind of actor, on a tree with rows each rule must
leave out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from tortoise import connections
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.timezone import now

from database import native_sql
from domain import batches, moves, scope
from domain.actor import Actor
from domain.status import combine
from gql.loaders import Loaders
from models import Department, Membership, Note, Organization, Plan, Service, User
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
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
    # The newest note about cust-a is one reseller-a may not read: its latest is another.
    await Note.create(
        organization=t.orgs["cust-a"],
        author=t.users["admin"],
        author_organization=t.orgs["master"],
        text="admin on cust-a, last",
        created_at=written + timedelta(hours=2),
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


# The loaders as they were before domain/batches.py, on the scope querysets.


def _group(rows: Sequence[Any], key: str, keys: Sequence[UUID]) -> list[list[Any]]:
    groups: defaultdict[UUID, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return [groups.get(k, []) for k in keys]


def _as(row_type: Any, instance: Model) -> Any:
    return row_type(*(getattr(instance, name) for name in row_type._fields))


async def _queryset_owner_logins(actor: Actor, keys: Sequence[UUID]) -> list[list[Any]]:
    owners = await (
        scope.visible_memberships(actor)
        .filter(role=Role.OWNER, organization_id__in=keys)
        .select_related("user")
        .order_by("created_at", "id")
    )
    groups = _group(owners, "organization_id", keys)
    return [[_as(batches.UserRow, m.user) for m in group] for group in groups]


async def _queryset_notes(actor: Actor, keys: Sequence[UUID]) -> list[list[Any]]:
    notes = await (
        scope.visible_notes(actor).filter(organization_id__in=keys).order_by("-created_at", "-id")
    )
    return [
        [_as(batches.NoteRow, n) for n in group] for group in _group(notes, "organization_id", keys)
    ]


async def _queryset_departments(actor: Actor, keys: Sequence[UUID]) -> list[list[Any]]:
    found = (
        await scope.visible_departments(actor)
        .filter(organization_id__in=keys)
        .order_by("name", "id")
    )
    return [
        [_as(batches.DepartmentRow, d) for d in group]
        for group in _group(found, "organization_id", keys)
    ]


async def _queryset_latest_notes(actor: Actor, keys: Sequence[UUID]) -> list[list[Any]]:
    return [notes[:1] for notes in await _queryset_notes(actor, keys)]


Before = Callable[[Actor, Sequence[UUID]], Awaitable[list[list[Any]]]]
LOADERS: list[tuple[str, Before]] = [
    ("owner_logins_by_organization", _queryset_owner_logins),
    ("notes_by_organization", _queryset_notes),
    ("latest_note_by_organization", _queryset_latest_notes),
    ("departments_by_organization", _queryset_departments),
]


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(("loader", "before"), LOADERS, ids=[name for name, _ in LOADERS])
async def test_a_loader_answers_what_its_queryset_version_answered(
    tree: Tree, who: str, loader: str, before: Before
) -> None:
    actor = tree.actors[who]

    async def viewer() -> Actor:
        return actor

    # Every organization, and one that does not exist.
    keys = [*(o.id for o in tree.orgs.values()), uuid4()]

    answer = await getattr(Loaders(viewer), loader).load_many(keys)

    assert answer == await before(actor, keys)
    if actor.is_administrator:
        assert any(answer)  # the comparison is not between two empty answers


async def test_owner_logins_come_oldest_membership_first(tree: Tree) -> None:
    (owners,) = await batches.owner_logins(tree.actors["ra-owner"], [tree.orgs["cust-a"].id])
    assert [u.email for u in owners] == ["ca-owner@example.com", "ca-second-owner@example.com"]


async def test_usage_counts_services_by_kind(tree: Tree) -> None:
    a, b = tree.orgs["cust-a"], tree.orgs["cust-b"]
    for org, kind, count in [
        (a, ServiceKind.WEBSITE, 3),
        (a, ServiceKind.MAILBOX, 1),
        (b, ServiceKind.DATABASE, 2),
    ]:
        for index in range(count):
            await Service.create(organization=org, kind=kind, name=f"{kind}-{index}")

    usage = await batches.usage([b.id, a.id, tree.orgs["cust-m"].id])

    assert usage == [
        {ServiceKind.DATABASE: 2},
        {ServiceKind.WEBSITE: 3, ServiceKind.MAILBOX: 1},
        {},
    ]


async def test_effective_status_combines_every_ancestor(tree: Tree) -> None:
    await Organization.filter(id=tree.orgs["sub-a"].id).update(status=OrganizationStatus.SUSPENDED)
    await Organization.filter(id=tree.orgs["cust-b"].id).update(status=OrganizationStatus.PENDING)
    names = ["cust-sub", "cust-a", "cust-b", "sub-a", "master"]
    orgs = {o.id.hex: o for o in await Organization.all()}

    statuses = await batches.effective_statuses([tree.orgs[n].path for n in names])

    expected = [combine(orgs[part].status for part in tree.orgs[n].ancestor_ids) for n in names]
    assert statuses == expected
    assert statuses[0] == OrganizationStatus.SUSPENDED  # through sub-a
    assert statuses[2] == OrganizationStatus.PENDING


@pytest.mark.parametrize("model", [Organization, User, Plan])
async def test_by_id_gives_whole_objects_as_the_orm_does(tree: Tree, model: type[Model]) -> None:
    await Plan.create(
        owner=tree.orgs["master"], name="Basic", website_quota=5, enabled_kinds=["WEBSITE"]
    )
    stored = await model.all()
    ids = [row.pk for row in stored]
    missing = uuid4()

    found = await batches.by_id(model, [missing, *ids])

    assert found[0] is None
    for instance, orm in zip(found[1:], stored, strict=True):
        assert instance is not None
        assert {f: getattr(instance, f) for f in model._meta.db_fields} == {
            f: getattr(orm, f) for f in model._meta.db_fields
        }
