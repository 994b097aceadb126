"""Each visibility rule is one definition (domain/scope.py) read two ways, as a queryset
and as SQL for the loaders' hand-written statements (domain/batches.py): the two renderings
select the same rows, for every kind of actor, on drawn worlds (tests/isolation_world.py)
and on a fixed tree with rows each rule must leave out. Also the batch reads that are not
scoped (usage, statuses, whole objects by id)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, event, given, settings
from tortoise import connections
from tortoise.models import Model
from tortoise.timezone import now

from domain import batches, scope
from domain.actor import Actor
from domain.conditions import EVERYTHING, RowCondition
from domain.errors import AccessDenied
from domain.hierarchy import moves
from domain.hierarchy.status import combine
from models import (
    AuditEvent,
    Department,
    Membership,
    Note,
    Organization,
    Plan,
    Service,
    User,
)
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.database import empty_all_tables
from tests.isolation_world import KeyViewer, WorldSpec, build_world, worlds

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
    # A service and an audit event of every organization; plans of each reseller level,
    # one of them sold by reseller-a to a customer of its sub-reseller.
    for name, organization in t.orgs.items():
        await Service.create(
            organization=organization, kind=ServiceKind.WEBSITE, name=f"{name}-site"
        )
        await AuditEvent.create(
            organization=organization,
            organization_path=organization.path,
            target_type="Organization",
            target_id=organization.id,
            action="test.event",
            actor_email="x",
        )
    for owner, customers in [
        ("master", ["cust-m"]),
        ("reseller-a", ["cust-a", "cust-sub"]),
        ("reseller-b", ["cust-b"]),
    ]:
        plan = await Plan.create(owner=t.orgs[owner], name=f"{owner} plan")
        await Organization.filter(id__in=[t.orgs[c].id for c in customers]).update(plan_id=plan.id)
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

# (model, its table, the rule) for every visibility rule.
RULES: list[tuple[type[Model], str, Callable[[Actor], RowCondition]]] = [
    (Organization, "organization", scope.organization_rule),
    (Membership, "membership", scope.membership_rule),
    (User, "user", scope.user_rule),
    (Department, "department", scope.department_rule),
    (Service, "service", scope.service_rule),
    (Plan, "plan", scope.plan_rule),
    (Note, "note", scope.note_rule),
    (AuditEvent, "audit_event", scope.audit_event_rule),
]
RULE_IDS = [table for _, table, _ in RULES]


async def _ids_where(table: str, rule: RowCondition) -> set[UUID]:
    """The ids the rule's SQL form selects."""
    connection = connections.get("default")
    condition = rule.sql("t", connection.capabilities.dialect)
    statement = f'SELECT t.id FROM "{table}" t WHERE {condition.sql}'
    _, rows = await connection.execute_query(statement, list(condition.params))
    return {UUID(str(row[0])) for row in rows}


async def _ids_of_queryset(model: type[Model], rule: RowCondition) -> set[UUID]:
    """The ids the rule's queryset selects."""
    rows = await rule.rows(model).values_list("id")
    return {UUID(str(row_id)) for (row_id,) in rows}


async def _both_renderings(
    model: type[Model], table: str, rule_of: Callable[[Actor], RowCondition], actor: Actor
) -> tuple[set[UUID], set[UUID]] | None:
    """(queryset's ids, SQL's ids) of the actor's rule; None where the rule refuses the actor
    (a customer MEMBER has no audit log)."""
    try:
        rule = rule_of(actor)
    except AccessDenied:
        return None
    return await _ids_of_queryset(model, rule), await _ids_where(table, rule)


async def _actor_of(spec: WorldSpec, orgs: list[UUID], users: list[UUID]) -> Actor:
    """The actor the world's viewer acts as (an impersonation acts as its target OWNER)."""
    user_index, org_index, role = spec.acting()
    organization = await Organization.get(id=orgs[org_index])
    if isinstance(spec.viewer, KeyViewer) or user_index is None:
        return Actor(organization=organization, role=role, access_rights=frozenset())
    user = await User.get(id=users[user_index])
    return Actor(organization=organization, role=role, access_rights=frozenset(), user=user)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=worlds())
async def test_both_renderings_of_every_rule_select_the_same_rows(spec: WorldSpec) -> None:
    await empty_all_tables()
    world = await build_world(spec)
    actor = await _actor_of(spec, world.orgs, world.users)
    event(f"viewer: {actor.role} of a {actor.organization.kind}")

    for model, table, rule_of in RULES:
        answers = await _both_renderings(model, table, rule_of, actor)
        if answers is None:
            continue
        from_queryset, from_sql = answers
        assert from_sql == from_queryset, f"{table} differ for the viewer of\n{spec.describe()}"
        event(f"{table}: {'some' if from_sql else 'none'} visible")


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(("model", "table", "rule_of"), RULES, ids=RULE_IDS)
async def test_both_renderings_select_the_same_rows_on_the_tree(
    tree: Tree,
    who: str,
    model: type[Model],
    table: str,
    rule_of: Callable[[Actor], RowCondition],
) -> None:
    actor = tree.actors[who]

    answers = await _both_renderings(model, table, rule_of, actor)

    if answers is None:
        assert scope.is_customer_member(actor)
        return
    from_queryset, from_sql = answers
    assert from_sql == from_queryset
    everything = await _ids_where(table, EVERYTHING)
    if actor.is_administrator:
        assert from_sql == everything
    else:
        assert from_sql < everything  # the tree has rows this actor must not see


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

    # Each organization of the tree has one website already.
    assert usage == [
        {ServiceKind.DATABASE: 2, ServiceKind.WEBSITE: 1},
        {ServiceKind.WEBSITE: 4, ServiceKind.MAILBOX: 1},
        {ServiceKind.WEBSITE: 1},
    ]
    assert await batches.usage([uuid4()]) == [{}]


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
