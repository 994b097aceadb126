"""Random worlds for the isolation property test, and the oracle that says what a viewer sees.

A world is first drawn as plain data (`WorldSpec`: organizations by index with their parent
index, users with their memberships, ..., and the viewer: a user logged in through one of its
memberships, an API key of an organization, or an impersonation token acting as an
organization's OWNER), so hypothesis can shrink it, then written to the database
(`build_world`). The oracle (`Oracle`) reads only the spec: ancestry comes from the
parent indices kept here, never from the `path` column or from `domain.scope`, so it is an
independent statement of SPEC §5 as implemented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID

from hypothesis import strategies as st
from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.hierarchy.organizations import new_organization
from domain.security.tokens import API_KEY_PREFIX, SESSION_PREFIX, hash_secret, new_secret
from models import (
    ApiKey,
    AuditEvent,
    Department,
    Membership,
    Note,
    Organization,
    Plan,
    Service,
    SessionToken,
    User,
)
from models.enums import OrganizationKind, Role, ServiceKind
from tests.factories import TEST_SECRET_KEY, session_for

MASTER = OrganizationKind.MASTER
RESELLER = OrganizationKind.RESELLER
CUSTOMER = OrganizationKind.CUSTOMER
MANAGERS = frozenset({Role.OWNER, Role.ADMIN})

# Small enough that every list fits in one page of 100 and an example stays fast.
MAX_ORGS = 40
MAX_USERS = 80
MAX_RESELLER_DEPTH = 3
NODE_TYPES = ("Organization", "User", "Department", "Service", "Note", "Plan", "AuditEvent")
# How objects are named in failure messages: o3 is the organization at index 3 of the spec.
LABELS = {
    "Organization": "o",
    "User": "u",
    "Department": "d",
    "Service": "s",
    "Note": "n",
    "Plan": "p",
    "AuditEvent": "e",
}
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
# Which kind of viewer is drawn. Hypothesis draws the first choice far more often than the
# others (it is also where it shrinks to), so this order comes out at about 60% users, 20%
# API keys and 20% impersonations.
ViewerKind = Literal["member", "key", "impersonation"]
VIEWER_KINDS: tuple[ViewerKind, ...] = (
    "member",
    "key",
    "impersonation",
    "member",
    "key",
    "impersonation",
)
# An API key's role: the one whose scope differs from a member's first (the same bias).
KEY_ROLES = (Role.MEMBER, Role.ADMIN, Role.OWNER)


@dataclass(frozen=True)
class OrgSpec:
    kind: OrganizationKind
    parent: int | None


@dataclass(frozen=True)
class MembershipSpec:
    user: int
    org: int
    role: Role


@dataclass(frozen=True)
class UserSpec:
    department: int | None
    last_login: bool
    failed_logins: int


@dataclass(frozen=True)
class NoteSpec:
    subject: int
    author: int
    author_org: int
    minute: int  # created_at = EPOCH + minute; unique, so "newest first" has no ties


@dataclass(frozen=True)
class MemberViewer:
    """A user logged in through one of its memberships."""

    membership: int


@dataclass(frozen=True)
class KeyViewer:
    """An API key of an organization: acts with its role there, and has no user."""

    org: int
    role: Role


@dataclass(frozen=True)
class ImpersonationViewer:
    """An impersonation token acting as an OWNER membership of an organization, for an
    OWNER/ADMIN of an organization strictly above it."""

    membership: int  # the OWNER membership acted as
    impersonator: int  # a user
    impersonator_membership: int  # its OWNER/ADMIN membership above the target


Viewer = MemberViewer | KeyViewer | ImpersonationViewer


@dataclass(frozen=True)
class WorldSpec:
    orgs: tuple[OrgSpec, ...]
    departments: tuple[int, ...]  # the customer each department belongs to
    users: tuple[UserSpec, ...]
    memberships: tuple[MembershipSpec, ...]
    services: tuple[tuple[int, ServiceKind], ...]  # (organization, kind)
    plans: tuple[int, ...]  # the owner of each plan
    plan_of: tuple[int | None, ...]  # per organization: the plan it is on
    notes: tuple[NoteSpec, ...]
    events: tuple[int, ...]  # the organization of each audit event
    viewer: Viewer
    missing: tuple[tuple[str, UUID], ...]  # (type name, uuid) of ids that never existed

    def acting(self) -> tuple[int | None, int, Role]:
        """(user or None for an API key, organization, role) the viewer acts as."""
        if isinstance(self.viewer, KeyViewer):
            return None, self.viewer.org, self.viewer.role
        membership = self.memberships[self.viewer.membership]
        return membership.user, membership.org, membership.role

    def describe(self) -> str:
        """A readable picture of the world, for failure messages (labels as in `LABELS`)."""

        def ref(prefix: str, index: int | None) -> str:
            return "-" if index is None else f"{prefix}{index}"

        lines = []
        for index, org in enumerate(self.orgs):
            members = [f"u{m.user}:{m.role}" for m in self.memberships if m.org == index]
            lines.append(
                f"  o{index} {org.kind} owner={ref('o', org.parent)} "
                f"plan={ref('p', self.plan_of[index])} members={members}"
            )
        for index, user in enumerate(self.users):
            lines.append(
                f"  u{index} department={ref('d', user.department)} "
                f"last_login={user.last_login} failed_logins={user.failed_logins}"
            )
        lines += [f"  d{index} of o{org}" for index, org in enumerate(self.departments)]
        lines += [f"  s{index} {kind} of o{org}" for index, (org, kind) in enumerate(self.services)]
        lines += [f"  p{index} owned by o{owner}" for index, owner in enumerate(self.plans)]
        lines += [
            f"  n{index} about o{note.subject} by u{note.author} of o{note.author_org} "
            f"at minute {note.minute}"
            for index, note in enumerate(self.notes)
        ]
        lines += [f"  e{index} of o{org}" for index, org in enumerate(self.events)]
        viewer_user, viewer_org, viewer_role = self.acting()
        acting = f"{viewer_role} of o{viewer_org} ({self.orgs[viewer_org].kind})"
        if isinstance(self.viewer, KeyViewer):
            lines.append(f"  viewer: an API key with role {acting}")
        elif isinstance(self.viewer, ImpersonationViewer):
            impersonator = self.viewer.impersonator
            lines.append(f"  viewer: u{impersonator} impersonating u{viewer_user} as {acting}")
        else:
            lines.append(f"  viewer: u{viewer_user} as {acting}")
        return "\n".join(lines)


def strict_ancestors(orgs: tuple[OrgSpec, ...] | list[OrgSpec], index: int) -> list[int]:
    """Parents of the organization up to the root, nearest first."""
    result = []
    parent = orgs[index].parent
    while parent is not None:
        result.append(parent)
        parent = orgs[parent].parent
    return result


@st.composite
def worlds(draw: st.DrawFn, max_orgs: int = MAX_ORGS, max_users: int = MAX_USERS) -> WorldSpec:
    # Each step draws in turn from the same `draw`: their order is the world's encoding,
    # so it stays as it is (a shrunk failure replays only in this order).
    orgs = _draw_organizations(draw, max_orgs)
    departments: list[int] = []
    for index, org in enumerate(orgs):
        if org.kind == CUSTOMER:
            departments.extend([index] * draw(st.integers(0, 2)))
    memberships, user_count = _draw_memberships(draw, orgs, max_users)
    users = _draw_users(draw, orgs, departments, memberships, user_count)
    services = draw(
        st.lists(st.tuples(st.integers(0, len(orgs) - 1), st.sampled_from(ServiceKind)), max_size=8)
    )
    plans = draw(
        st.lists(
            st.sampled_from([index for index, org in enumerate(orgs) if org.kind != CUSTOMER]),
            max_size=4,
        )
    )
    plan_of = tuple(
        draw(st.none() | st.integers(0, len(plans) - 1)) if plans else None
        for _ in range(len(orgs))
    )
    notes = _draw_notes(draw, orgs, memberships)
    events = draw(st.lists(st.integers(0, len(orgs) - 1), max_size=6))
    viewer = _draw_viewer(draw, orgs, memberships)
    missing = tuple(
        draw(st.lists(st.tuples(st.sampled_from(NODE_TYPES), st.uuids()), min_size=1, max_size=3))
    )
    return WorldSpec(
        orgs=tuple(orgs),
        departments=tuple(departments),
        users=tuple(users),
        memberships=tuple(memberships),
        services=tuple(services),
        plans=tuple(plans),
        plan_of=plan_of,
        notes=notes,
        events=tuple(events),
        viewer=viewer,
        missing=missing,
    )


def _draw_organizations(draw: st.DrawFn, max_orgs: int) -> list[OrgSpec]:
    """The tree: the Master, resellers nested below it, customers under any of them."""
    # Per-world fan-outs: any one container may hold up to 5 customers and resellers nest up
    # to 3 deep, but most worlds stay small, because every id costs a lookup.
    most_customers = draw(st.integers(0, 5))
    reseller_depth = draw(st.integers(1, MAX_RESELLER_DEPTH))
    orgs: list[OrgSpec] = [OrgSpec(MASTER, None)]

    def add(kind: OrganizationKind, parent: int) -> int:
        orgs.append(OrgSpec(kind, parent))
        return len(orgs) - 1

    def add_customers(owner: int) -> None:
        room = max_orgs - len(orgs)
        for _ in range(draw(st.integers(0, min(most_customers, room)))):
            add(CUSTOMER, owner)

    def add_reseller(owner: int, depth: int) -> None:
        if len(orgs) >= max_orgs:
            return
        reseller = add(RESELLER, owner)
        add_customers(reseller)
        if depth < reseller_depth:
            for _ in range(draw(st.integers(0, 1))):
                add_reseller(reseller, depth + 1)

    for _ in range(draw(st.integers(1, 4))):
        add_reseller(0, 1)
    add_customers(0)
    return orgs


def _draw_memberships(
    draw: st.DrawFn, orgs: list[OrgSpec], max_users: int
) -> tuple[list[MembershipSpec], int]:
    """The memberships and the number of users they name."""
    # Users: each belongs to one organization; a few then join a second one.
    memberships: list[MembershipSpec] = []
    user_count = 0
    for index in range(len(orgs)):
        room = max_users - user_count
        roles = draw(
            st.lists(st.sampled_from(Role), min_size=1 if index == 0 else 0, max_size=min(2, room))
        )
        for role in roles:
            memberships.append(MembershipSpec(user_count, index, role))
            user_count += 1
    for _ in range(draw(st.integers(0, 2))):
        user = draw(st.integers(0, user_count - 1))
        joined = {m.org for m in memberships if m.user == user}
        others = [index for index in range(len(orgs)) if index not in joined]
        if not others:
            continue
        memberships.append(
            MembershipSpec(user, draw(st.sampled_from(others)), draw(st.sampled_from(Role)))
        )
    return memberships, user_count


def _draw_users(
    draw: st.DrawFn,
    orgs: list[OrgSpec],
    departments: list[int],
    memberships: list[MembershipSpec],
    user_count: int,
) -> list[UserSpec]:
    """Each user's department (one of its customers'), if any, and its other columns."""
    users: list[UserSpec] = []
    for user in range(user_count):
        own_customers = {
            m.org for m in memberships if m.user == user and orgs[m.org].kind == CUSTOMER
        }
        candidates = [d for d, org in enumerate(departments) if org in own_customers]
        department = draw(st.none() | st.sampled_from(candidates)) if candidates else None
        users.append(UserSpec(department, draw(st.booleans()), draw(st.integers(0, 3))))
    return users


def _draw_notes(
    draw: st.DrawFn, orgs: list[OrgSpec], memberships: list[MembershipSpec]
) -> tuple[NoteSpec, ...]:
    """Notes about resellers and customers, by a member of a strict ancestor, as that
    ancestor."""
    note_sources: list[tuple[int, int, int]] = []
    authors_of: dict[int, list[tuple[int, int]]] = {}
    for index in range(1, len(orgs)):
        above = set(strict_ancestors(orgs, index))
        authors = [(m.user, m.org) for m in memberships if m.org in above]
        if authors:
            authors_of[index] = authors
    if authors_of:
        for subject in draw(st.lists(st.sampled_from(sorted(authors_of)), max_size=8)):
            author, author_org = draw(st.sampled_from(authors_of[subject]))
            note_sources.append((subject, author, author_org))
    minutes = draw(
        st.lists(
            st.integers(0, 100_000),
            min_size=len(note_sources),
            max_size=len(note_sources),
            unique=True,
        )
    )
    return tuple(
        NoteSpec(subject, author, author_org, minute)
        for (subject, author, author_org), minute in zip(note_sources, minutes, strict=True)
    )


def _draw_viewer(draw: st.DrawFn, orgs: list[OrgSpec], memberships: list[MembershipSpec]) -> Viewer:
    # The viewer, of a kind drawn by VIEWER_KINDS. Each first draws a kind of organization,
    # so masters and resellers are not drowned out by the many customers.
    def pick(candidates: list[int], org_of: Callable[[int], int]) -> int:
        kind = draw(st.sampled_from(sorted({orgs[org_of(c)].kind for c in candidates})))
        return draw(st.sampled_from([c for c in candidates if orgs[org_of(c)].kind == kind]))

    # Impersonation targets: the OWNER memberships of organizations below another one.
    owners = [
        i
        for i, m in enumerate(memberships)
        if m.role == Role.OWNER and orgs[m.org].parent is not None
    ]
    viewer: Viewer
    viewer_kind = draw(st.sampled_from(VIEWER_KINDS))
    if viewer_kind == "key":
        viewer = KeyViewer(
            pick(list(range(len(orgs))), lambda o: o), draw(st.sampled_from(KEY_ROLES))
        )
    elif viewer_kind == "impersonation" and owners:
        owner = pick(owners, lambda i: memberships[i].org)
        # Only a manager of an organization above may impersonate (and only while it could
        # start the impersonation now); the Master's first member is always an OWNER.
        above = set(strict_ancestors(orgs, memberships[owner].org))
        managing = [i for i, m in enumerate(memberships) if m.org in above and m.role in MANAGERS]
        if managing:
            impersonator = draw(st.sampled_from(managing))
            viewer = ImpersonationViewer(owner, memberships[impersonator].user, impersonator)
        else:
            viewer = MemberViewer(owner)
    else:
        viewer = MemberViewer(pick(list(range(len(memberships))), lambda i: memberships[i].org))
    return viewer


@dataclass(frozen=True)
class World:
    """A spec written to the database: the uuid of every object by its index in the spec."""

    spec: WorldSpec
    orgs: list[UUID]
    departments: list[UUID]
    users: list[UUID]
    services: list[UUID]
    plans: list[UUID]
    notes: list[UUID]
    events: list[UUID]
    token: str  # the viewer's bearer token

    def ids(self, type_name: str) -> list[UUID]:
        return {
            "Organization": self.orgs,
            "User": self.users,
            "Department": self.departments,
            "Service": self.services,
            "Note": self.notes,
            "Plan": self.plans,
            "AuditEvent": self.events,
        }[type_name]


async def build_world(spec: WorldSpec) -> World:
    """Write the spec's rows straight through the models (no bcrypt), in one transaction."""
    async with in_transaction("default"):
        orgs: list[Organization] = []
        for index, org in enumerate(spec.orgs):
            owner = orgs[org.parent] if org.parent is not None else None
            orgs.append(await new_organization(org.kind, f"Org {index}", owner))

        departments = [
            Department(organization_id=orgs[org].id, name=f"Department {index}")
            for index, org in enumerate(spec.departments)
        ]
        await Department.bulk_create(departments)

        users = [
            User(
                email=f"user{index}@example.com",
                password_hash="!",
                first_name=f"User{index}",
                department_id=departments[user.department].id
                if user.department is not None
                else None,
                last_login_at=EPOCH + timedelta(days=index) if user.last_login else None,
                last_login_ip="198.51.100.9" if user.last_login else None,
                failed_login_count=user.failed_logins,
            )
            for index, user in enumerate(spec.users)
        ]
        await User.bulk_create(users)
        memberships = [
            Membership(user_id=users[m.user].id, organization_id=orgs[m.org].id, role=m.role)
            for m in spec.memberships
        ]
        await Membership.bulk_create(memberships)

        services = [
            Service(organization_id=orgs[org].id, kind=kind, name=f"service-{index}")
            for index, (org, kind) in enumerate(spec.services)
        ]
        await Service.bulk_create(services)

        plans = [
            Plan(owner_id=orgs[owner].id, name=f"Plan {index}")
            for index, owner in enumerate(spec.plans)
        ]
        await Plan.bulk_create(plans)
        on_plan: dict[int, list[UUID]] = {}
        for org_index, plan in enumerate(spec.plan_of):
            if plan is not None:
                on_plan.setdefault(plan, []).append(orgs[org_index].id)
        for plan, org_ids in on_plan.items():
            await Organization.filter(id__in=org_ids).update(plan_id=plans[plan].id)

        notes = [
            Note(
                organization_id=orgs[note.subject].id,
                author_id=users[note.author].id,
                author_organization_id=orgs[note.author_org].id,
                text=f"Note {index}",
                created_at=EPOCH + timedelta(minutes=note.minute),
            )
            for index, note in enumerate(spec.notes)
        ]
        await Note.bulk_create(notes)

        events = [
            AuditEvent(
                organization_id=orgs[org].id,
                organization_path=orgs[org].path,
                target_type="Organization",
                target_id=orgs[org].id,
                action="test.event",
                actor_email="x",
            )
            for org in spec.events
        ]
        await AuditEvent.bulk_create(events)

        token = await viewer_token(spec.viewer, orgs, users, memberships)
    return World(
        spec=spec,
        orgs=[org.id for org in orgs],
        departments=[department.id for department in departments],
        users=[user.id for user in users],
        services=[service.id for service in services],
        plans=[plan.id for plan in plans],
        notes=[note.id for note in notes],
        events=[event.id for event in events],
        token=token,
    )


async def viewer_token(
    viewer: Viewer, orgs: list[Organization], users: list[User], memberships: list[Membership]
) -> str:
    """Store the viewer's credential; returns its bearer token."""
    if isinstance(viewer, KeyViewer):
        secret = new_secret(API_KEY_PREFIX)
        await ApiKey.create(
            organization=orgs[viewer.org],
            name="k",
            role=viewer.role,
            prefix="tnk_x",
            secret_hash=hash_secret(secret, TEST_SECRET_KEY),
        )
        return secret
    # bulk_create leaves instances unsaved as far as Tortoise knows: read them back.
    membership = await Membership.get(id=memberships[viewer.membership].id).select_related("user")
    if isinstance(viewer, MemberViewer):
        return await session_for(membership.user, membership)
    # As tests.factories.session_for, with the impersonator set (as
    # domain.security.impersonation does).
    token = new_secret(SESSION_PREFIX)
    await SessionToken.create(
        token_hash=hash_secret(token, TEST_SECRET_KEY),
        user=membership.user,
        membership=membership,
        impersonator=await User.get(id=users[viewer.impersonator].id),
        impersonator_membership_id=memberships[viewer.impersonator_membership].id,
        expires_at=now() + timedelta(hours=1),
    )
    return token


class Oracle:
    """What the viewer of a spec may see, by index, computed from the spec alone."""

    def __init__(self, spec: WorldSpec) -> None:
        self.spec = spec
        # An API key acts like a member of its organization with its role, but has no user;
        # an impersonation exactly like the OWNER membership it acts as.
        self.user, self.org, self.role = spec.acting()
        self.kind = spec.orgs[self.org].kind
        self.customer_member = self.kind == CUSTOMER and self.role == Role.MEMBER
        self.ancestors = [strict_ancestors(spec.orgs, index) for index in range(len(spec.orgs))]

    def below_viewer(self, org: int) -> bool:
        """The organization is strictly below the viewer's organization."""
        return self.org in self.ancestors[org]

    def in_subtree(self, org: int, root: int) -> bool:
        return org == root or root in self.ancestors[org]

    def organizations(self) -> set[int]:
        everything = range(len(self.spec.orgs))
        if self.kind == MASTER:
            return set(everything)
        if self.kind == RESELLER:
            return {org for org in everything if self.in_subtree(org, self.org)}
        return {self.org}

    def members_of(self, orgs: set[int]) -> set[int]:
        return {m.user for m in self.spec.memberships if m.org in orgs}

    def users(self) -> set[int]:
        if self.kind == MASTER:
            return set(range(len(self.spec.users)))
        if self.customer_member:
            return set() if self.user is None else {self.user}  # an API key: nobody
        return self.members_of(self.organizations())

    def departments(self) -> set[int]:
        everything = range(len(self.spec.departments))
        if self.kind == MASTER:
            return set(everything)
        if self.customer_member:
            if self.user is None:
                return set()  # an API key has no department
            own = self.spec.users[self.user].department
            return {own} if own is not None and self.spec.departments[own] == self.org else set()
        visible = self.organizations()
        return {d for d in everything if self.spec.departments[d] in visible}

    def services(self) -> set[int]:
        visible = self.organizations()
        return {s for s, (org, _) in enumerate(self.spec.services) if org in visible}

    def notes(self) -> set[int]:
        everything = range(len(self.spec.notes))
        if self.kind == CUSTOMER:
            return set()
        if self.kind == MASTER:
            return set(everything)
        return {n for n in everything if self.in_subtree(self.spec.notes[n].author_org, self.org)}

    def plans(self) -> set[int]:
        everything = range(len(self.spec.plans))
        if self.kind == MASTER:
            return set(everything)
        visible = self.organizations()
        # Plans owned by a visible organization, and the plans visible organizations are on.
        assigned = {self.spec.plan_of[o] for o in visible}
        return {p for p in everything if self.spec.plans[p] in visible or p in assigned}

    def audit_events(self) -> set[int] | None:
        """None: the viewer may not read the audit log at all (FORBIDDEN)."""
        everything = range(len(self.spec.events))
        if self.customer_member:
            return None
        if self.kind == MASTER:
            return set(everything)
        if self.kind == RESELLER:
            return {e for e in everything if self.in_subtree(self.spec.events[e], self.org)}
        return {e for e in everything if self.spec.events[e] == self.org}

    def visible(self, type_name: str) -> set[int]:
        if type_name == "AuditEvent":
            return self.audit_events() or set()
        return {
            "Organization": self.organizations,
            "User": self.users,
            "Department": self.departments,
            "Service": self.services,
            "Note": self.notes,
            "Plan": self.plans,
        }[type_name]()

    # Protected fields.

    def may_see_owner(self, org: int) -> bool:
        """The owner is one of the organizations the viewer sees (none: null for all)."""
        parent = self.spec.orgs[org].parent
        if parent is None or self.kind == MASTER:
            return True
        return self.kind == RESELLER and parent in self.organizations()

    def may_read_notes(self, org: int) -> bool:
        return self.kind != CUSTOMER and org != self.org and self.below_viewer(org)

    def notes_about(self, org: int) -> list[int]:
        """The visible notes about an organization, newest first."""
        about = [n for n in self.notes() if self.spec.notes[n].subject == org]
        return sorted(about, key=lambda n: self.spec.notes[n].minute, reverse=True)

    def may_see_login_activity(self, user: int) -> bool:
        """Staff who see every organization of the login as its administrators (a shared
        login's activity is not for one of its organizations alone)."""
        if self.kind == MASTER:
            return True
        return all(
            (m.org == self.org and self.role in MANAGERS)
            or (self.kind != CUSTOMER and m.org != self.org and self.below_viewer(m.org))
            for m in self.spec.memberships
            if m.user == user
        )

    # Relations of visible objects.

    def memberships_of(self, user: int) -> set[int]:
        """The organizations of the user's memberships the viewer may see."""
        own = {m.org for m in self.spec.memberships if m.user == user}
        if self.customer_member:
            return own & {self.org} if user == self.user else set()
        return own & self.organizations()

    def department_of(self, user: int) -> int | None:
        department = self.spec.users[user].department
        return department if department in self.departments() else None

    def organization_users(self, org: int) -> set[int]:
        return self.members_of({org}) & self.users()

    def organization_departments(self, org: int) -> set[int]:
        return {d for d in self.departments() if self.spec.departments[d] == org}

    def organization_services(self, org: int) -> set[int]:
        return {s for s in self.services() if self.spec.services[s][0] == org}

    def organization_customers(self, org: int) -> set[int]:
        return {
            child
            for child in self.organizations()
            if self.spec.orgs[child].parent == org and self.spec.orgs[child].kind == CUSTOMER
        }
