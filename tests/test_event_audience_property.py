"""Who hears of an event, as a property: in a random tree with webhook endpoints on random
organizations (random event-type filters, some disabled), random changes made through the
API by people at random levels, then the sequencer, and every endpoint holds exactly the
deliveries the model below says — once each, rendered as its owner may read them.

The model is this file's own, kept from the spec's parent indices and updated as customers
move (never from the `path` column, domain/scope.py or domain/events/audience.py): an event
belongs to one organization and is heard by the platform's endpoints, by those of that
organization, and by those of the resellers above it when it was written. So a reseller
never hears of another reseller's customers, a customer hears of itself only (still after
it moved), and a customer never learns who acted from above it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.events import sequencer
from domain.webhooks import secrets
from gql.schema.relay import to_global_id
from models import AuditEvent, Organization, WebhookDelivery, WebhookEndpoint
from tests.api import Api
from tests.database import empty_all_tables
from tests.factories import TEST_SECRET_KEY, quick_member
from tests.isolation_world import CUSTOMER, MASTER, RESELLER, WorldSpec, build_world, worlds

# The event type each change is expected to be delivered as (the model's own names, not a
# catalog lookup: a renamed type fails here).
TYPE_OF_CHANGE = {
    "rename": "organization.updated",
    "suspend": "organization.suspended",
    "reactivate": "organization.reactivated",
    "note": "note.created",
    "department": "department.created",
    "move": "organization.moved",
    "move_away": "organization.moved_away",
}
# Filters drawn for endpoints: single types, families, and types no change here makes.
FILTERS = [
    *TYPE_OF_CHANGE.values(),
    "organization.*",
    "note.*",
    "user.created",
    "plan.*",
]
CHANGES = ("rename", "suspend", "note", "department", "move")

UPDATE = (
    "mutation ($id: ID!, $name: String!) { r: updateOrganization(input: {id: $id, name: $name}) "
    "{ userErrors { code } } }"
)
LIFECYCLE = (
    "mutation ($ids: [ID!]!) {{ r: {0}(input: {{ids: $ids}}) "
    "{{ userErrors {{ code }} results {{ userErrors {{ code }} }} }} }}"
)
NOTE = (
    'mutation ($id: ID!) { r: addNote(input: {organizationId: $id, text: "n"}) '
    "{ userErrors { code } } }"
)
DEPARTMENT = (
    'mutation ($id: ID!) { r: createDepartment(input: {organizationId: $id, name: "D"}) '
    "{ userErrors { code } } }"
)
MOVE = (
    "mutation ($ids: [ID!]!, $owner: ID!) { r: moveOrganizations(input: "
    "{ids: $ids, newOwnerId: $owner}) { userErrors { code } results { userErrors { code } } } }"
)


@dataclass(frozen=True)
class EndpointSpec:
    org: int
    types: tuple[str, ...]
    enabled: bool


@dataclass(frozen=True)
class Step:
    change: str
    target: int
    actor: int  # the organization whose OWNER acts
    new_owner: int | None  # for a move
    place_after: int | None  # run the sequencer after this step, in batches of this size


@dataclass(frozen=True)
class Expected:
    """One event as the model has it: where it belongs and who stood above it then."""

    type: str
    org: int
    above: frozenset[int]  # the strict ancestors of `org` when it was written
    actor_org: int
    action: str


class Tree:
    """The model: parents by index, changed by moves."""

    def __init__(self, spec: WorldSpec) -> None:
        self.kinds = [org.kind for org in spec.orgs]
        self.parent = [org.parent for org in spec.orgs]

    def above(self, org: int) -> list[int]:
        chain, parent = [], self.parent[org]
        while parent is not None:
            chain.append(parent)
            parent = self.parent[parent]
        return chain

    def hears(self, endpoint: EndpointSpec, expected: Expected) -> bool:
        if not endpoint.enabled or not wants(endpoint.types, expected.type):
            return False
        return (
            self.kinds[endpoint.org] == MASTER
            or endpoint.org == expected.org
            or endpoint.org in expected.above
        )


def wants(types: tuple[str, ...], name: str) -> bool:
    """The filter rule: none takes every type, `x.*` a family, else the exact name."""
    if not types:
        return True
    return any(name == t or (t.endswith(".*") and name.startswith(t[:-1])) for t in types)


@st.composite
def steps_for(draw: st.DrawFn, spec: WorldSpec) -> list[Step]:
    """Changes whose actor may make them, in a tree as drawn; the model follows moves as
    they succeed, so a step drawn for the old tree may be refused (then it adds nothing)."""
    tree = Tree(spec)
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        change = draw(st.sampled_from(CHANGES))
        below_master = list(range(1, len(spec.orgs)))
        if change in ("department", "move"):
            candidates = [i for i in below_master if tree.kinds[i] == CUSTOMER]
        else:
            candidates = below_master
        if not candidates:
            continue
        target = draw(st.sampled_from(candidates))
        above = tree.above(target)
        # Renames and departments may come from the organization itself; suspensions and
        # notes only from above; moves from the platform.
        if change in ("rename", "department"):
            actor = draw(st.sampled_from([target, *above]))
        elif change == "move":
            actor = 0
        else:
            actor = draw(st.sampled_from(above))
        new_owner = None
        if change == "move":
            owners = [
                i
                for i, kind in enumerate(tree.kinds)
                if kind in (MASTER, RESELLER) and i != tree.parent[target]
            ]
            new_owner = draw(st.sampled_from(owners))
            tree.parent[target] = new_owner
        place_after = draw(st.none() | st.integers(1, 3))
        steps.append(Step(change, target, actor, new_owner, place_after))
    return steps


@st.composite
def endpoints_for(draw: st.DrawFn, spec: WorldSpec) -> list[EndpointSpec]:
    return draw(
        st.lists(
            st.builds(
                EndpointSpec,
                org=st.integers(0, len(spec.orgs) - 1),
                types=st.lists(st.sampled_from(FILTERS), max_size=2, unique=True).map(tuple)
                | st.just(()),
                enabled=st.integers(0, 4).map(bool),
            ),
            min_size=1,
            max_size=8,
        )
    )


def gid(type_name: str, uuid: UUID) -> str:
    return to_global_id(type_name, uuid)


def refused(body: dict[str, Any]) -> bool:
    if body.get("errors"):
        return True
    payload = body["data"]["r"]
    results = payload.get("results") or []
    return bool(payload["userErrors"]) or any(r["userErrors"] for r in results)


async def run_step(
    api: Api, number: int, step: Step, orgs: list[UUID], tokens: list[str]
) -> dict[str, Any]:
    target = gid("Organization", orgs[step.target])
    token = tokens[step.actor]
    if step.change == "rename":
        return await api(UPDATE, {"id": target, "name": f"Renamed {number}"}, token)
    if step.change == "suspend":
        return await api(LIFECYCLE.format("suspendOrganizations"), {"ids": [target]}, token)
    if step.change == "note":
        return await api(NOTE, {"id": target}, token)
    if step.change == "department":
        return await api(DEPARTMENT, {"id": target}, token)
    assert step.new_owner is not None
    owner = gid("Organization", orgs[step.new_owner])
    return await api(MOVE, {"ids": [target], "owner": owner}, token)


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
@given(spec=worlds(max_orgs=10, max_users=6), data=st.data())
async def test_every_endpoint_hears_exactly_what_its_owner_may_see(
    api: Api, spec: WorldSpec, data: st.DataObject
) -> None:
    endpoint_specs = data.draw(endpoints_for(spec))
    steps = data.draw(steps_for(spec))
    await empty_all_tables()
    world = await build_world(spec)
    orgs = world.orgs
    # An OWNER login in every organization: the step's actor acts through it.
    tokens, emails = [], []
    for index, org_id in enumerate(orgs):
        organization = await Organization.get(id=org_id)
        emails.append(f"actor{index}@example.com")
        tokens.append((await quick_member(organization, emails[-1]))[1])
    await sequencer.place_pending()  # the world's own events: before any endpoint
    endpoints = [
        await WebhookEndpoint.create(
            organization_id=orgs[e.org],
            url=f"https://hooks.example.com/{index}",
            event_types=list(e.types),
            enabled=e.enabled,
            secret_sealed=secrets.seal(secrets.new_secret(), TEST_SECRET_KEY),
        )
        for index, e in enumerate(endpoint_specs)
    ]

    tree = Tree(spec)
    expected: dict[UUID, Expected] = {}
    story = [spec.describe(), f"endpoints: {endpoint_specs}"]
    for number, step in enumerate(steps):
        known = set(await AuditEvent.all().values_list("id", flat=True))
        body = await run_step(api, number, step, orgs, tokens)
        if step.change == "suspend" and not refused(body):
            # Lifted at once, so later steps meet a live tree; the lift is an event too.
            lift = LIFECYCLE.format("reactivateOrganizations")
            lifted = await api(
                lift, {"ids": [gid("Organization", orgs[step.target])]}, tokens[step.actor]
            )
            assert not refused(lifted), lifted
        written = await AuditEvent.exclude(id__in=known).order_by("created_at", "id")
        story.append(
            f"{step}: {'refused' if refused(body) else 'done'} -> {[e.action for e in written]}"
        )
        event(f"{step.change}: {'refused' if refused(body) else 'done'}")
        if refused(body):
            assert written == [], "\n".join(story)
            continue
        # Whose log each event is in: a note is its author's (notes are private to it).
        org = step.actor if step.change == "note" else step.target
        changes = ["suspend", "reactivate"] if step.change == "suspend" else [step.change]
        logs = [org] * len(changes)
        if step.change == "move":
            assert step.new_owner is not None
            former = tree.parent[step.target]
            assert former is not None
            tree.parent[step.target] = step.new_owner
            if former not in {step.new_owner, *tree.above(step.new_owner)}:
                # It left the former owner's subtree: that owner's log is told too.
                changes.append("move_away")
                logs.append(former)
        assert len(written) == len(changes), "\n".join(story)
        # In the order written, except that a move's two events share one transaction.
        written = sorted(written, key=lambda e: e.action != "organization.move")
        for stored, change, log in zip(written, changes, logs, strict=True):
            assert stored.organization_id == orgs[log], "\n".join(story)
            expected[stored.id] = Expected(
                TYPE_OF_CHANGE[change], log, frozenset(tree.above(log)), step.actor, stored.action
            )
        if step.place_after is not None:
            await sequencer.place_pending(batch=step.place_after)
    await sequencer.place_pending()
    again = await sequencer.place_pending()
    assert again.events == 0
    assert again.endpoints == frozenset()

    for endpoint, endpoint_spec in zip(endpoints, endpoint_specs, strict=True):
        deliveries = await WebhookDelivery.filter(endpoint_id=endpoint.id)
        heard = Counter(d.event_id for d in deliveries)
        want = {e for e, exp in expected.items() if tree.hears(endpoint_spec, exp)}
        told = "\n".join([*story, f"endpoint {endpoint_spec}: heard {heard}, want {want}"])
        assert all(count == 1 for count in heard.values()), told
        assert set(heard) == want, told
        for delivery in deliveries:
            assert delivery.event_id is not None
            check_payload(
                delivery, expected[delivery.event_id], endpoint_spec, tree, orgs, emails, told
            )


def check_payload(
    delivery: WebhookDelivery,
    exp: Expected,
    endpoint: EndpointSpec,
    tree: Tree,
    orgs: list[UUID],
    emails: list[str],
    story: str,
) -> None:
    body = orjson.loads(delivery.payload)
    data = body["data"]
    assert body["type"] == exp.type == delivery.event_type, story
    assert data["action"] == exp.action, story
    assert data["id"] == gid("AuditEvent", delivery.event_id), story  # type: ignore[arg-type]
    assert data["position"] == delivery.position is not None, story
    assert data["organization"] == {"id": gid("Organization", orgs[exp.org])}, story
    if exp.type == "organization.moved_away":
        # The former owner learns which customer left, never to whom.
        assert set(data["details"]) == {"customer"}, story
        assert data["target"]["type"] == "Organization", story
    if tree.kinds[endpoint.org] == CUSTOMER and exp.actor_org != endpoint.org:
        # A customer never learns who manages it: not the person, not the owners moved to.
        assert data["actor"] == {"type": "provider"}, story
        if exp.type == "organization.moved":
            assert not {"from", "to"} & set(data["details"]), story
    else:
        assert data["actor"]["type"] == "user", story
        assert data["actor"]["email"] == emails[exp.actor_org], story
