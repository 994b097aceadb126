"""Write-authority property test: in a random hierarchy, a random actor, a random mutation
(every mutation of the schema that acts on a target) on a random target inside or outside
its scope gets exactly the answer docs/authority.md gives it.

The world is the read test's (tests/isolation_world.py): resellers and sub-resellers,
customers, logins with several memberships, API keys of every role, impersonations; this
test adds access rights to every membership and key, an invitation, a second key and a
webhook endpoint (in that key's organization), and for lifecycle actions the target's
state and the level that suspended or deleted it. The
oracle (tests/authority_oracle.py) reads the table of docs/authority.md and evaluates its
words over the spec alone. For each example the test checks the answer — NOT_FOUND outside
scope, FORBIDDEN inside scope but not allowed, neither when allowed — and that a refused
mutation left every table exactly as it was. It checks the event stream too: a mutation
that succeeded and changed anything wrote at least one audit event (so an event, with its
type in the catalog), unless it is one of the few that change nothing of the hierarchy
(NO_EVENT), and a refused one wrote none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tortoise.timezone import now

from domain.events.catalog import EVENT_OF_ACTION
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.security.tokens import hash_secret
from domain.webhooks import secrets as webhook_secrets
from gql.schema.relay import to_global_id
from models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    SessionToken,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.enums import DeliveryStatus, OrganizationStatus, Role, ServiceKind
from tests.api import Api
from tests.authority_oracle import RANK, SERVICE_RIGHT, Authority, Expect, Extras, read_table
from tests.database import empty_all_tables, table_snapshot
from tests.factories import TEST_SECRET_KEY
from tests.isolation_world import (
    CUSTOMER,
    MANAGERS,
    ImpersonationViewer,
    KeyViewer,
    MembershipSpec,
    World,
    WorldSpec,
    build_world,
    worlds,
)

# Codes that mean "refused for who you are or what you see": never in an allowed answer.
AUTHORITY_CODES = frozenset({"FORBIDDEN", "NOT_FOUND", "UNAUTHENTICATED", "INTERNAL"})
RIGHT_SETS = st.frozensets(st.sampled_from(ALL_ACCESS_RIGHTS))
# Mutations with no target to have authority over: login, requestPasswordReset and
# resetPassword need no credentials; logout only ends the caller's own session;
# completeTwoFactorLogin needs none either (its challenge stands for the password).
INVITATION_SECRET = "tni_the-secret-the-invitation-email-carries"
UNTARGETED = frozenset(
    {"login", "logout", "requestPasswordReset", "resetPassword", "completeTwoFactorLogin"}
)


# Mutations that may write rows without an event: they change nothing of the hierarchy.
# beginTotpEnrollment only stores a secret awaiting its first code (confirming it is the
# change, and that is recorded). The untargeted ones (login, logout, ...) are not drawn
# here; the dry runs the builders use write nothing, so they need no place in this list
# (a dry run that wrote rows without an event would fail).
NO_EVENT = frozenset({"beginTotpEnrollment"})

Draw = Callable[[st.SearchStrategy[Any]], Any]


@dataclass
class Case:
    """One mutation call, what the table says of it, and checks of an allowed answer."""

    mutation: str
    query: str
    variables: dict[str, Any]
    expect: Expect
    target: str
    prepare: Callable[[], Any] | None = None
    checks: list[Callable[[dict[str, Any]], str | None]] = field(default_factory=list)


def gid(type_name: str, uuid: UUID) -> str:
    return to_global_id(type_name, uuid)


def codes_in(body: dict[str, Any]) -> list[str]:
    """Every error code of an answer: top-level errors and userErrors at any depth."""
    found = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "userErrors":
                    found.extend(error["code"] for error in item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body.get("data"))
    return found


class Draws:
    """Builds a case for one mutation, drawing its target and inputs."""

    def __init__(self, draw: Draw, world: World, extras: Extras, oracle: Authority) -> None:
        self.draw = draw
        self.world = world
        self.spec = world.spec
        self.extras = extras
        self.o = oracle
        self.keys: list[UUID] = []
        self.endpoints: list[UUID] = []  # one, of the second key's organization
        self.invitation_id: UUID | None = None
        # A webhook endpoint of extras.key_org and one delivery of it.
        self.endpoint_id: UUID | None = None
        self.delivery_id: UUID | None = None

    def pick(self, count: int) -> int | None:
        """An index among `count` objects, or None for an id that never existed."""
        if count == 0 or self.draw(st.integers(0, 9)) == 0:
            return None
        index: int = self.draw(st.integers(0, count - 1))
        return index

    def org(self) -> int | None:
        """Half the time an organization the viewer sees (where the rules differ most),
        else any, or one that never existed."""
        near = sorted(self.o.read.organizations())
        if near and self.draw(st.booleans()):
            index: int = self.draw(st.sampled_from(near))
            return index
        return self.pick(len(self.spec.orgs))

    def org_id(self, index: int | None) -> str:
        return gid("Organization", self.world.orgs[index] if index is not None else uuid4())

    def visible_org(self, index: int | None) -> bool:
        return index is not None and index in self.o.read.organizations()

    # Lifecycle: the target's state and the level that imposed it are drawn too.

    def _on_viewer_path(self, org: int) -> bool:
        """Changing this organization's state would log the viewer (or its impersonator) out."""
        paths = [self.o.org]
        if isinstance(self.spec.viewer, ImpersonationViewer):
            paths.append(self.spec.memberships[self.spec.viewer.impersonator_membership].org)
        return any(org == p or org in self.o.ancestors[p] for p in paths)

    def lifecycle(self, mutation: str) -> Case:
        index = self.org()
        status, suspended, deleted = OrganizationStatus.ACTIVE, None, None
        # Levels around the viewer's own: above it (it may not lift), its own, and none.
        levels = st.sampled_from(sorted({0, max(self.o.depth - 1, 0), self.o.depth})) | st.none()
        if mutation == "activateOrganizations":
            status = OrganizationStatus.PENDING
        elif mutation == "reactivateOrganizations" or (
            mutation == "deleteOrganizations" and self.draw(st.booleans())
        ):
            status, suspended = OrganizationStatus.SUSPENDED, self.draw(levels)
        elif mutation in ("restoreOrganizations", "purgeOrganizations"):
            status, deleted = OrganizationStatus.DELETED, self.draw(levels)
            suspended = self.draw(levels)
        prepare = None
        if index is not None and index != 0 and not self._on_viewer_path(index):
            prepare = self._set_state(index, status, suspended, deleted)
        else:
            suspended = deleted = None  # left as it is
        extra = {
            "purgeOrganizations": ", dryRun: true",
            "convertToReseller": ", dryRun: true",
            "moveOrganizations": ", newOwnerId: $owner, dryRun: true",
        }.get(mutation, "")
        owner = "$owner: ID!, " if mutation == "moveOrganizations" else ""
        query = (
            f"mutation ({owner}$ids: [ID!]!) {{ r: {mutation}(input: {{ids: $ids{extra}}}) "
            "{ userErrors { code } results { userErrors { code } } } }"
        )
        variables: dict[str, Any] = {"ids": [self.org_id(index)]}
        if owner:
            variables["owner"] = self.org_id(self.o.org)
        relation = index is not None and self.o.manager(index)
        if mutation in (
            "reactivateOrganizations",
            "deleteOrganizations",
            "restoreOrganizations",
            "purgeOrganizations",
        ):
            relation = relation and self.o.may_lift(suspended)
        if mutation in ("restoreOrganizations", "purgeOrganizations"):
            relation = relation and self.o.may_lift(deleted)
        expect = self.o.decide(mutation, visible=self.visible_org(index), relation=relation)
        return Case(mutation, query, variables, expect, f"o{index}", prepare)

    def _set_state(
        self, index: int, status: OrganizationStatus, suspended: int | None, deleted: int | None
    ) -> Callable[[], Any]:
        async def prepare() -> None:
            await Organization.filter(id=self.world.orgs[index]).update(
                status=status,
                status_before_delete=OrganizationStatus.ACTIVE if deleted is not None else None,
                suspended_by_depth=suspended,
                deleted_by_depth=deleted,
                deleted_at=now() if status == OrganizationStatus.DELETED else None,
            )

        return prepare

    # Organizations.

    def update_organization(self) -> Case:
        index = self.org()
        # Half the time the expiry date, which only the organization's managers set, and
        # sometimes the external id and metadata, for those who bill it (billing ids).
        expiry = self.draw(st.booleans())
        billing = self.draw(st.sampled_from(["", ', externalId: "ext-1"', ", metadata: []"]))
        declared, extra = (", $expires: DateTime", ", expiresAt: $expires") if expiry else ("", "")
        query = (
            f"mutation ($id: ID!{declared}) {{ updateOrganization(input: "
            f'{{id: $id, name: "Renamed"{extra}{billing}}}) {{ userErrors {{ code }} }} }}'
        )
        relation = index is not None and (
            self.o.manager(index) if expiry else self.o.administrator(index)
        )
        # Sometimes a date set already, from a level around the viewer's: changing it
        # needs that level or one above (level).
        prepare = None
        if expiry and index is not None and self.draw(st.booleans()):
            levels = sorted({0, max(self.o.depth - 1, 0), self.o.depth})
            level = self.draw(st.sampled_from(levels))
            # The level is never deeper than the organization's owner (domain/hierarchy/expiry.py).
            level = min(level, max(len(self.o.ancestors[index]) - 1, 0))
            relation = relation and self.o.may_lift(level)
            prepare = self._set_expiry(index, level)
        if billing:
            relation = relation and index is not None and self.o.billing(index)
        expect = self.o.decide(
            "updateOrganization", visible=self.visible_org(index), relation=relation
        )
        variables = {"id": self.org_id(index)}
        if expiry:
            variables["expires"] = (now() + timedelta(days=30)).isoformat()
        target = f"o{index}{' expiresAt' if expiry else ''}"
        return Case("updateOrganization", query, variables, expect, target, prepare)

    def _set_expiry(self, index: int, level: int) -> Callable[[], Any]:
        async def prepare() -> None:
            org = await Organization.get(id=self.world.orgs[index])
            await Organization.filter(id=org.id).update(expires_at=now() + timedelta(days=10))
            await AuditEvent.create(
                action="organization.update",
                actor_email="system",
                organization_id=org.id,
                organization_path=org.path,
                target_type="Organization",
                target_id=org.id,
                target_name=org.name,
                summary={"expiryLevel": level},
            )

        return prepare

    def create_organization(self, mutation: str) -> Case:
        existing = self.draw(st.none() | st.integers(0, len(self.spec.users) - 1))
        email = f"user{existing}@example.com" if existing is not None else "fresh@example.com"
        query = (
            f'mutation ($email: String!) {{ {mutation}(input: {{name: "New", '
            "owner: {email: $email}}) { owner { id } generatedPassword invitation { id } "
            "userErrors { code } } }"
        )
        own = existing is not None and self.o.is_self(existing)
        # Its own login as a new OWNER: it must hold every right an OWNER holds.
        relation = not own or self.o.rights == frozenset(ALL_ACCESS_RIGHTS)
        expect = self.o.decide(mutation, visible=True, relation=relation)
        case = Case(mutation, query, {"email": email}, expect, f"u{existing}")
        if expect == Expect.ALLOWED:
            invited = existing is not None and not own
            case.checks.append(self._linked_or_invited(mutation, invited))
            if existing is None and self.o.is_impersonation:
                case.checks.append(self._no_password_shown(mutation))
        return case

    def copy_customer(self) -> Case:
        index = self.org()
        query = (
            'mutation ($id: ID!) { copyCustomer(input: {sourceId: $id, name: "Copy", '
            'owner: {email: "copy@example.com"}}) { generatedPassword userErrors { code } } }'
        )
        relation = index is not None and self.o.manager(index)
        expect = self.o.decide("copyCustomer", visible=self.visible_org(index), relation=relation)
        case = Case("copyCustomer", query, {"id": self.org_id(index)}, expect, f"o{index}")
        if expect == Expect.ALLOWED and self.o.is_impersonation:
            case.checks.append(self._no_password_shown("copyCustomer"))
        return case

    def add_note(self) -> Case:
        index = self.org()
        query = (
            'mutation ($id: ID!) { addNote(input: {organizationId: $id, text: "n"}) '
            "{ userErrors { code } } }"
        )
        relation = index is not None and self.o.manager(index)
        expect = self.o.decide("addNote", visible=self.visible_org(index), relation=relation)
        return Case("addNote", query, {"id": self.org_id(index)}, expect, f"o{index}")

    def note(self, mutation: str) -> Case:
        index = self.pick(len(self.spec.notes))
        text = ', text: "changed"' if mutation == "updateNote" else ""
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{id: $id{text}}}) "
            "{ userErrors { code } } }"
        )
        note_id = self.world.notes[index] if index is not None else uuid4()
        visible = index is not None and index in self.o.read.notes()
        relation = index is not None and self.o.note_author(self.spec.notes[index].author_org)
        expect = self.o.decide(mutation, visible=visible, relation=relation)
        return Case(mutation, query, {"id": gid("Note", note_id)}, expect, f"n{index}")

    # Plans and services.

    def create_plan(self) -> Case:
        query = (
            'mutation { createPlan(input: {name: "P", quotas: {}, enabledKinds: []}) '
            "{ userErrors { code } } }"
        )
        expect = self.o.decide("createPlan", visible=True, relation=True)
        return Case("createPlan", query, {}, expect, "-")

    def update_plan(self) -> Case:
        index = self.pick(len(self.spec.plans))
        query = (
            'mutation ($id: ID!) { updatePlan(input: {id: $id, name: "Q"}) '
            "{ userErrors { code } } }"
        )
        plan_id = self.world.plans[index] if index is not None else uuid4()
        visible = index is not None and index in self.o.read.plans()
        relation = index is not None and self.spec.plans[index] == self.o.org
        expect = self.o.decide("updatePlan", visible=visible, relation=relation)
        return Case("updatePlan", query, {"id": gid("Plan", plan_id)}, expect, f"p{index}")

    def plan_change(self, mutation: str) -> Case:
        """changePlan (to a custom plan) or setQuotaOverrides (clearing one) on an
        organization: the owner chain's managers with the plans right."""
        index = self.org()
        change = {"changePlan": "", "setQuotaOverrides": ", clear: [WEBSITES]"}[mutation]
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{id: $id{change}}}) "
            "{ userErrors { code } } }"
        )
        relation = index is not None and self.o.manager(index)
        expect = self.o.decide(mutation, visible=self.visible_org(index), relation=relation)
        return Case(mutation, query, {"id": self.org_id(index)}, expect, f"o{index}")

    def create_service(self) -> Case:
        index = self.org()
        kind = self.draw(st.sampled_from(ServiceKind))
        query = (
            "mutation ($id: ID!, $kind: ServiceKind!) { createService(input: "
            '{organizationId: $id, kind: $kind, name: "svc-new.example"}) '
            "{ userErrors { code } } }"
        )
        relation = index is not None and self.o.administrator(index)
        expect = self.o.decide(
            "createService",
            visible=self.visible_org(index),
            relation=relation,
            right=SERVICE_RIGHT[kind],
        )
        variables = {"id": self.org_id(index), "kind": kind.value}
        return Case("createService", query, variables, expect, f"o{index} {kind}")

    def update_service(self) -> Case:
        index = self.pick(len(self.spec.services))
        query = (
            "mutation ($id: ID!) { updateService(input: {id: $id, status: DISABLED}) "
            "{ userErrors { code } } }"
        )
        service_id = self.world.services[index] if index is not None else uuid4()
        visible = index is not None and index in self.o.read.services()
        org, kind = self.spec.services[index] if index is not None else (0, ServiceKind.WEBSITE)
        expect = self.o.decide(
            "updateService",
            visible=visible,
            relation=index is not None and self.o.administrator(org),
            right=SERVICE_RIGHT[kind],
        )
        return Case("updateService", query, {"id": gid("Service", service_id)}, expect, f"s{index}")

    def delete_service(self) -> Case:
        index = self.pick(len(self.spec.services))
        query = "mutation ($id: ID!) { deleteService(input: {id: $id}) { userErrors { code } } }"
        service_id = self.world.services[index] if index is not None else uuid4()
        visible = index is not None and index in self.o.read.services()
        org, kind = self.spec.services[index] if index is not None else (0, ServiceKind.WEBSITE)
        expect = self.o.decide(
            "deleteService",
            visible=visible,
            relation=index is not None and self.o.administrator(org),
            right=SERVICE_RIGHT[kind],
        )
        return Case("deleteService", query, {"id": gid("Service", service_id)}, expect, f"s{index}")

    # Departments and policy.

    def create_department(self) -> Case:
        index = self.org()
        query = (
            'mutation ($id: ID!) { createDepartment(input: {organizationId: $id, name: "New"}) '
            "{ userErrors { code } } }"
        )
        relation = index is not None and self.o.administrator(index)
        expect = self.o.decide(
            "createDepartment", visible=self.visible_org(index), relation=relation
        )
        return Case("createDepartment", query, {"id": self.org_id(index)}, expect, f"o{index}")

    def department(self, mutation: str) -> Case:
        index = self.pick(len(self.spec.departments))
        name = ', name: "Renamed"' if mutation == "updateDepartment" else ""
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{id: $id{name}}}) "
            "{ userErrors { code } } }"
        )
        department_id = self.world.departments[index] if index is not None else uuid4()
        visible = index is not None and index in self.o.read.departments()
        relation = index is not None and self.o.administrator(self.spec.departments[index])
        expect = self.o.decide(mutation, visible=visible, relation=relation)
        return Case(mutation, query, {"id": gid("Department", department_id)}, expect, f"d{index}")

    def update_security_policy(self) -> Case:
        index = self.org()
        query = (
            "mutation ($id: ID!) { updateSecurityPolicy(input: {organizationId: $id, "
            "minPasswordLength: 40}) { userErrors { code } } }"
        )
        relation = index is not None and self.o.administrator(index)
        expect = self.o.decide(
            "updateSecurityPolicy", visible=self.visible_org(index), relation=relation
        )
        return Case("updateSecurityPolicy", query, {"id": self.org_id(index)}, expect, f"o{index}")

    def update_organization_settings(self) -> Case:
        index = self.org()
        query = (
            "mutation ($id: ID!) { updateOrganizationSettings(input: {organizationId: $id, "
            'branding: {primaryColor: "#112233"}, settings: {maxAttachmentMb: 10}}) '
            "{ userErrors { code } } }"
        )
        relation = index is not None and self.o.administrator(index)
        expect = self.o.decide(
            "updateOrganizationSettings", visible=self.visible_org(index), relation=relation
        )
        return Case(
            "updateOrganizationSettings", query, {"id": self.org_id(index)}, expect, f"o{index}"
        )

    # Users.

    def _membership(self) -> tuple[int | None, int | None, Role]:
        """(user, organization, role) of a membership, or ids that never existed: often the
        viewer's own, or one in an organization it sees."""
        own = [i for i, m in enumerate(self.spec.memberships) if m.user == self.o.user]
        near = [
            i for i, m in enumerate(self.spec.memberships) if m.org in self.o.read.organizations()
        ]
        shared = [
            i for i, m in enumerate(self.spec.memberships) if len(self.o.memberships_of(m.user)) > 1
        ]
        choice = self.draw(st.integers(0, 4))
        if choice == 0 and own:
            index: int | None = self.draw(st.sampled_from(own))
        elif choice == 1 and near:
            index = self.draw(st.sampled_from(near))
        elif choice == 2 and shared:
            index = self.draw(st.sampled_from(shared))
        else:
            index = self.pick(len(self.spec.memberships))
        if index is None:
            return None, None, Role.MEMBER
        m = self.spec.memberships[index]
        return m.user, m.org, m.role

    def _user_id(self, user: int | None) -> str:
        return gid("User", self.world.users[user] if user is not None else uuid4())

    def _membership_visible(self, user: int | None, org: int | None) -> bool:
        return user is not None and org in self.o.read.memberships_of(user)

    def create_user(self) -> Case:
        index = self.org()
        existing = self.draw(st.none() | st.integers(0, len(self.spec.users) - 1))
        role = self.draw(st.sampled_from(Role))
        rights = self.draw(RIGHT_SETS)
        external: bool = self.draw(st.booleans())
        email = f"user{existing}@example.com" if existing is not None else "new.user@example.com"
        query = (
            "mutation ($input: CreateUserInput!) { createUser(input: $input) "
            "{ user { id } generatedPassword invitation { id } userErrors { code } } }"
        )
        variables = {
            "input": {
                "organizationId": self.org_id(index),
                "email": email,
                "role": role.value,
                "accessRights": sorted(rights),
                **({"externalId": "ext-1"} if external else {}),
            }
        }
        relation = (
            index is not None and self.o.administrator(index) and self.o.grant(index, role, rights)
        )
        if external:
            relation = relation and index is not None and self.o.billing(index)
        expect = self.o.decide("createUser", visible=self.visible_org(index), relation=relation)
        case = Case("createUser", query, variables, expect, f"o{index} {role} {sorted(rights)}")
        if expect == Expect.ALLOWED:
            member_already = existing is not None and index in {
                org for org, _ in self.o.memberships_of(existing)
            }
            if not member_already:
                invited = existing is not None and not self.o.is_self(existing)
                case.checks.append(self._linked_or_invited("createUser", invited))
                if existing is None and self.o.is_impersonation:
                    case.checks.append(self._no_password_shown("createUser"))
        return case

    def update_user(self) -> Case:
        user, org, role = self._membership()
        change = self.draw(
            st.sampled_from(
                [
                    "firstName",
                    "disclaimer",
                    "email",
                    "status",
                    "bounces",
                    "role",
                    "rights",
                    "externalId",
                ]
            )
        )
        choices: dict[str, dict[str, Any]] = {
            "firstName": {"firstName": "Renamed"},
            # Its own disclaimer is the user's (self-profile), its bounce processing not.
            "disclaimer": {"messageDisclaimer": "Sent from the panel"},
            "email": {"email": "renamed@example.com"},
            "status": {"status": "DISABLED"},
            "bounces": {"bounceProcessing": False},
            "externalId": {"externalId": "ext-1"},
        }
        values = choices.get(change, {})
        new_role = self.draw(st.sampled_from(Role)) if change == "role" else None
        new_rights = self.draw(RIGHT_SETS) if change == "rights" else None
        if new_role is not None:
            values = {"role": new_role.value}
        if new_rights is not None:
            values = {"accessRights": sorted(new_rights)}
        variables = {
            "input": {"id": self._user_id(user), "organizationId": self.org_id(org), **values}
        }
        query = (
            "mutation ($input: UpdateUserInput!) { updateUser(input: $input) "
            "{ userErrors { code } } }"
        )
        visible = self._membership_visible(user, org)
        relation = False
        if user is not None and org is not None:
            relation = self._may_update(user, org, role, change, new_role, new_rights)
        if user is not None and change in ("firstName", "disclaimer") and self.o.is_self(user):
            relation = True  # everyone edits its own profile (with no right needed)
            expect = Expect.ALLOWED if visible else Expect.NOT_FOUND
        else:
            expect = self.o.decide("updateUser", visible=visible, relation=relation)
        return Case("updateUser", query, variables, expect, f"u{user}@o{org} {values}")

    def _may_update(
        self,
        user: int,
        org: int,
        role: Role,
        change: str,
        new_role: Role | None,
        new_rights: frozenset[str] | None,
    ) -> bool:
        o = self.o
        allowed = o.member_manager(org, role)
        login_fields = ("firstName", "disclaimer", "email", "status", "bounces")
        if change in login_fields and not o.is_self(user):
            allowed = allowed and o.login_authority(user)
        old_rights = self._rights_of(user, org)
        if o.is_self(user):
            if new_role is not None and RANK[new_role] > RANK[role]:
                return False
            if new_rights is not None and new_rights - old_rights:
                return False
        if new_role is not None and new_role != role:
            allowed = allowed and o.grant(org, new_role, frozenset())
        if new_rights is not None:
            allowed = allowed and o.grant(org, role, new_rights - old_rights)
        if change == "externalId":
            allowed = allowed and o.billing(org)
        return allowed

    def _rights_of(self, user: int, org: int) -> frozenset[str]:
        for index, m in enumerate(self.spec.memberships):
            if m.user == user and m.org == org:
                return self.extras.rights[index]
        return frozenset()

    def delete_user(self) -> Case:
        user, org, role = self._membership()
        query = (
            "mutation ($id: ID!, $org: ID) { deleteUser(input: {id: $id, organizationId: $org}) "
            "{ userErrors { code } } }"
        )
        variables = {"id": self._user_id(user), "org": self.org_id(org)}
        relation = org is not None and self.o.member_manager(org, role)
        expect = self.o.decide(
            "deleteUser", visible=self._membership_visible(user, org), relation=relation
        )
        return Case("deleteUser", query, variables, expect, f"u{user}@o{org}")

    def user(self) -> int | None:
        """Often a login with several memberships, or one the viewer sees; else any, or one
        that never existed."""
        near = sorted(self.o.read.users())
        shared = [u for u in range(len(self.spec.users)) if len(self.o.memberships_of(u)) > 1]
        choice = self.draw(st.integers(0, 2))
        pool = shared if choice == 0 else near if choice == 1 else []
        if pool:
            index: int = self.draw(st.sampled_from(pool))
            return index
        return self.pick(len(self.spec.users))

    def password(self, mutation: str) -> Case:
        """setUserPassword, createPasswordResetLink and resetTwoFactor: login-authority over
        another login."""
        user = self.user()
        selection = {
            "createPasswordResetLink": "link",
            "resetTwoFactor": "user { id }",
        }.get(mutation, "generatedPassword")
        # A reset link may be emailed too: the same authority, whatever the recipients.
        send_to = ""
        if mutation == "createPasswordResetLink":
            recipients = self.draw(st.sets(st.sampled_from(["LOGIN_EMAIL", "CONTACT_EMAIL"])))
            send_to = f", sendTo: [{', '.join(sorted(recipients))}]"
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{userId: $id{send_to}}}) "
            f"{{ {selection} userErrors {{ code }} }} }}"
        )
        visible = user is not None and user in self.o.read.users()
        relation = user is not None and self.o.login_authority(user)
        if user is not None and self.o.user == user:
            relation = False  # one's own password is changePassword's
        expect = self.o.decide(mutation, visible=visible, relation=relation)
        return Case(mutation, query, {"id": self._user_id(user)}, expect, f"u{user}")

    # Keys, impersonation, invitations, sessions.

    def create_api_key(self) -> Case:
        index = self.org()
        role = self.draw(st.sampled_from(Role))
        rights = self.draw(RIGHT_SETS)
        query = (
            "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) "
            "{ secret userErrors { code } } }"
        )
        variables = {
            "input": {
                "organizationId": self.org_id(index),
                "name": "k2",
                "role": role.value,
                "accessRights": sorted(rights),
            }
        }
        relation = (
            index is not None and self.o.administrator(index) and self.o.grant(index, role, rights)
        )
        expect = self.o.decide("createApiKey", visible=self.visible_org(index), relation=relation)
        return Case("createApiKey", query, variables, expect, f"o{index} {role} {sorted(rights)}")

    def revoke_api_key(self) -> Case:
        org = self.extras.key_org
        known = self.draw(st.booleans())
        query = "mutation ($id: ID!) { revokeApiKey(input: {id: $id}) { userErrors { code } } }"
        key_id = self.keys[0] if known else uuid4()
        o = self.o
        if o.kind == "MASTER":
            visible = True
        elif o.role not in MANAGERS:
            visible = False
        elif o.kind == CUSTOMER:
            visible = org == o.org
        else:
            visible = org == o.org or o.org in o.ancestors[org]
        expect = o.decide("revokeApiKey", visible=known and visible, relation=o.administrator(org))
        return Case("revokeApiKey", query, {"id": gid("ApiKey", key_id)}, expect, f"key of o{org}")

    # Webhook endpoints: API keys' rule (one endpoint, in the second key's organization).

    def _managed_row_visible(self, org: int) -> bool:
        """Whether the viewer sees a row of `org` that only its managers see (API keys,
        webhook endpoints): administrators all, managers of a reseller its subtree, of a
        customer the customer, MEMBERs none."""
        o = self.o
        if o.kind == "MASTER":
            return True
        if o.role not in MANAGERS:
            return False
        if o.kind == CUSTOMER:
            return org == o.org
        return org == o.org or o.org in o.ancestors[org]

    def create_webhook_endpoint(self) -> Case:
        index = self.org()
        query = (
            "mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint("
            "input: $input) { secret userErrors { code } } }"
        )
        variables = {
            "input": {
                "organizationId": self.org_id(index),
                "url": "https://hooks.example.com/in",
                "eventTypes": ["organization.*"],
            }
        }
        relation = index is not None and self.o.administrator(index)
        expect = self.o.decide(
            "createWebhookEndpoint", visible=self.visible_org(index), relation=relation
        )
        return Case("createWebhookEndpoint", query, variables, expect, f"o{index}")

    def webhook_endpoint(self, mutation: str) -> Case:
        org = self.extras.key_org
        known = self.draw(st.booleans())
        endpoint_id = self.endpoints[0] if known else uuid4()
        fields = {"updateWebhookEndpoint": ', description: "renamed"'}.get(mutation, "")
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{id: $id{fields}}}) "
            "{ userErrors { code } } }"
        )
        expect = self.o.decide(
            mutation,
            visible=known and self._managed_row_visible(org),
            relation=self.o.administrator(org),
        )
        variables = {"id": gid("WebhookEndpoint", endpoint_id)}
        return Case(mutation, query, variables, expect, f"endpoint of o{org}")

    def _endpoint_visible(self) -> bool:
        """The endpoint of extras.key_org, seen as API keys are."""
        return self._managed_row_visible(self.extras.key_org)

    def _disable_endpoint(self) -> Callable[[], Any]:
        async def prepare() -> None:
            await WebhookEndpoint.filter(id=self.endpoint_id).update(enabled=False)

        return prepare

    def webhook_delivery(self, mutation: str) -> Case:
        known = self.draw(st.booleans())
        if mutation == "redeliverWebhook":
            argument, type_name, target = "deliveryId", "WebhookDelivery", self.delivery_id
        else:
            argument, type_name, target = "endpointId", "WebhookEndpoint", self.endpoint_id
        query = (
            f"mutation ($id: ID!) {{ {mutation}(input: {{{argument}: $id}}) "
            "{ delivery { status } userErrors { code } } }"
        )
        assert target is not None
        prepare = self._disable_endpoint() if self.draw(st.booleans()) else None
        expect = self.o.decide(
            mutation,
            visible=known and self._endpoint_visible(),
            relation=self.o.administrator(self.extras.key_org),
        )
        variables = {"id": gid(type_name, target if known else uuid4())}
        label = f"{type_name} of o{self.extras.key_org}{' (disabled)' if prepare else ''}"
        return Case(mutation, query, variables, expect, label, prepare)

    def impersonate(self) -> Case:
        index = self.org()
        query = (
            "mutation ($id: ID!) { impersonate(input: {organizationId: $id}) "
            "{ token userErrors { code } } }"
        )
        gated = self.o.gate("impersonate")
        if gated is not None:
            expect = Expect.FORBIDDEN  # not for API keys, impersonations or support staff
        elif index is None or index == 0 or not self.o.manager(index):
            expect = Expect.NOT_FOUND  # itself, upwards and sideways do not exist for it
        else:
            expect = Expect.ALLOWED
        return Case("impersonate", query, {"id": self.org_id(index)}, expect, f"o{index}")

    def end_impersonation(self) -> Case:
        query = "mutation { endImpersonation { revoked userErrors { code } } }"
        if self.o.is_key:
            expect = Expect.FORBIDDEN
        elif self.o.is_impersonation:
            expect = Expect.ALLOWED
        else:
            expect = Expect.INVALID_STATE
        return Case("endImpersonation", query, {}, expect, "own session")

    def change_password(self) -> Case:
        query = (
            'mutation { changePassword(input: {currentPassword: "wrong-password", '
            'newPassword: "another-long-password-9"}) { userErrors { code } } }'
        )
        gated = self.o.gate("changePassword")
        return Case("changePassword", query, {}, gated or Expect.ALLOWED, "own login")

    def invitation(self, mutation: str) -> Case:
        known = self.invitation_id is not None and self.draw(st.booleans())
        if mutation == "acceptInvitation":
            # Accepting takes the secret emailed to the login; declining, its id.
            token = INVITATION_SECRET if known else "tni_never-sent"
            query = (
                "mutation ($token: String!) { acceptInvitation(input: {token: $token}) "
                "{ userErrors { code } } }"
            )
            variables: dict[str, Any] = {"token": token}
        else:
            invitation_id = self.invitation_id if known and self.invitation_id else uuid4()
            query = (
                "mutation ($id: ID!) { declineInvitation(input: {id: $id}) "
                "{ userErrors { code } } }"
            )
            variables = {"id": gid("Invitation", invitation_id)}
        invited = self.extras.invitation
        own = known and invited is not None and invited[0] == self.o.user
        expect = self.o.gate(mutation) or (Expect.ALLOWED if own else Expect.NOT_FOUND)
        return Case(mutation, query, variables, expect, "invitation")

    def email_template(self, mutation: str) -> Case:
        """Templates of the actor's own organization: no target to draw, only the kind."""
        kind = self.draw(st.sampled_from(["SUSPENDED", "EXPIRED", "WELCOME"]))
        text = (
            ', subject: "{organization_name}", body: "Hello"' if mutation.startswith("set") else ""
        )
        query = (
            f"mutation ($kind: EmailTemplateKind!) {{ {mutation}(input: {{kind: $kind{text}}}) "
            "{ template { kind } userErrors { code } } }"
        )
        expect = self.o.decide(mutation, visible=True, relation=True)
        return Case(mutation, query, {"kind": kind}, expect, f"own {kind}")

    def retry_deletion_job(self) -> Case:
        query = "mutation ($id: ID!) { retryDeletionJob(input: {id: $id}) { userErrors { code } } }"
        expect = self.o.gate("retryDeletionJob") or Expect.NOT_FOUND
        return Case("retryDeletionJob", query, {"id": gid("DeletionJob", uuid4())}, expect, "-")

    # Sessions and two-factor login.

    def sessions(self, mutation: str) -> Case:
        """revokeSession (a session made for the drawn login) and revokeSessions: the
        login itself, or login-authority with the `users` right."""
        user = self.o.user if self.o.user is not None and self.draw(st.booleans()) else self.user()
        o = self.o
        visible = user is not None and (o.is_self(user) or user in o.read.users())
        relation = user is not None and (
            o.is_self(user) or (o.login_authority(user) and o.has("users"))
        )
        prepare = None
        if mutation == "revokeSession":
            has_session = user is not None and bool(o.memberships_of(user))
            session_id = uuid4()
            if has_session and user is not None:
                prepare = self._session_of(user, session_id)
            else:
                visible = False  # no session to name
            query = (
                "mutation ($id: ID!) { revokeSession(input: {id: $id}) "
                "{ revoked userErrors { code } } }"
            )
            variables: dict[str, Any] = {"id": gid("Session", session_id)}
        else:
            query = (
                "mutation ($id: ID!) { revokeSessions(input: {userId: $id}) "
                "{ revokedCount userErrors { code } } }"
            )
            variables = {"id": self._user_id(user)}
        expect = o.decide(mutation, visible=visible, relation=relation)
        return Case(mutation, query, variables, expect, f"sessions of u{user}", prepare)

    def _session_of(self, user: int, session_id: UUID) -> Callable[[], Any]:
        async def prepare() -> None:
            membership = await Membership.filter(user_id=self.world.users[user]).first()
            assert membership is not None
            await SessionToken.create(
                id=session_id,
                token_hash=uuid4().hex,
                user_id=self.world.users[user],
                membership=membership,
                expires_at=now() + timedelta(hours=1),
                last_seen_at=now(),
            )

        return prepare

    def own_two_factor(self, mutation: str) -> Case:
        """The login's own setup: only a login acting as itself (with nothing set up, the
        allowed answers are refusals for the state: nothing to confirm, turn off, renew)."""
        argument = '{code: "000000"}' if mutation == "confirmTotpEnrollment" else "{}"
        query = f"mutation {{ r: {mutation}(input: {argument}) {{ userErrors {{ code }} }} }}"
        return Case(mutation, query, {}, self.o.gate(mutation) or Expect.ALLOWED, "own login")

    # Checks of allowed answers.

    @staticmethod
    def _linked_or_invited(mutation: str, invited: bool) -> Callable[[dict[str, Any]], str | None]:
        def check(data: dict[str, Any]) -> str | None:
            payload = data[mutation]
            login = payload.get("owner", payload.get("user"))
            if invited and (login is not None or payload["invitation"] is None):
                return f"linked an existing login without its consent: {payload}"
            if not invited and (login is None or payload["invitation"] is not None):
                return f"invited a new login or the actor's own: {payload}"
            return None

        return check

    @staticmethod
    def _no_password_shown(mutation: str) -> Callable[[dict[str, Any]], str | None]:
        def check(data: dict[str, Any]) -> str | None:
            if data[mutation]["generatedPassword"] is not None:
                return "an impersonation was shown a generated password"
            return None

        return check


LIFECYCLE = (
    "activateOrganizations",
    "suspendOrganizations",
    "reactivateOrganizations",
    "deleteOrganizations",
    "restoreOrganizations",
    "purgeOrganizations",
    "convertToReseller",
    "moveOrganizations",
)
BUILDERS: dict[str, Callable[[Draws], Case]] = {
    **{name: partial(Draws.lifecycle, mutation=name) for name in LIFECYCLE},
    "updateOrganization": Draws.update_organization,
    "createCustomer": lambda d: d.create_organization("createCustomer"),
    "createReseller": lambda d: d.create_organization("createReseller"),
    "copyCustomer": Draws.copy_customer,
    "addNote": Draws.add_note,
    "updateNote": lambda d: d.note("updateNote"),
    "deleteNote": lambda d: d.note("deleteNote"),
    "createPlan": Draws.create_plan,
    "updatePlan": Draws.update_plan,
    "changePlan": lambda d: d.plan_change("changePlan"),
    "setQuotaOverrides": lambda d: d.plan_change("setQuotaOverrides"),
    "createService": Draws.create_service,
    "updateService": Draws.update_service,
    "deleteService": Draws.delete_service,
    "createDepartment": Draws.create_department,
    "updateDepartment": lambda d: d.department("updateDepartment"),
    "deleteDepartment": lambda d: d.department("deleteDepartment"),
    "updateSecurityPolicy": Draws.update_security_policy,
    "updateOrganizationSettings": Draws.update_organization_settings,
    "createUser": Draws.create_user,
    "updateUser": Draws.update_user,
    "deleteUser": Draws.delete_user,
    "setUserPassword": lambda d: d.password("setUserPassword"),
    "createPasswordResetLink": lambda d: d.password("createPasswordResetLink"),
    "createApiKey": Draws.create_api_key,
    "revokeApiKey": Draws.revoke_api_key,
    "createWebhookEndpoint": Draws.create_webhook_endpoint,
    **{
        name: partial(Draws.webhook_endpoint, mutation=name)
        for name in ("updateWebhookEndpoint", "deleteWebhookEndpoint", "rotateWebhookSecret")
    },
    "impersonate": Draws.impersonate,
    "endImpersonation": Draws.end_impersonation,
    "changePassword": Draws.change_password,
    "acceptInvitation": lambda d: d.invitation("acceptInvitation"),
    "declineInvitation": lambda d: d.invitation("declineInvitation"),
    "retryDeletionJob": Draws.retry_deletion_job,
    "setEmailTemplate": lambda d: d.email_template("setEmailTemplate"),
    "resetEmailTemplate": lambda d: d.email_template("resetEmailTemplate"),
    "revokeSession": lambda d: d.sessions("revokeSession"),
    "revokeSessions": lambda d: d.sessions("revokeSessions"),
    "resetTwoFactor": lambda d: d.password("resetTwoFactor"),
    "redeliverWebhook": lambda d: d.webhook_delivery("redeliverWebhook"),
    "sendTestWebhook": lambda d: d.webhook_delivery("sendTestWebhook"),
    **{
        name: partial(Draws.own_two_factor, mutation=name)
        for name in (
            "beginTotpEnrollment",
            "confirmTotpEnrollment",
            "disableTotp",
            "regenerateRecoveryCodes",
        )
    },
}


def test_every_mutation_of_the_schema_and_of_the_table_is_drawn(repo_root: Any) -> None:
    """A new mutation must be added to docs/authority.md and to this test."""
    schema = (repo_root / "schema.graphql").read_text()
    body = schema.split("type Mutation {", 1)[1].split("\n}", 1)[0]
    import re

    in_schema = set(re.findall(r"^  (\w+)[(:]", body, re.MULTILINE))
    assert in_schema == set(read_table()), "docs/authority.md's table and the schema differ"
    assert in_schema - UNTARGETED == set(BUILDERS)


@st.composite
def with_shared_logins(draw: st.DrawFn, spec: WorldSpec) -> WorldSpec:
    """More logins in several organizations than the read worlds have: a shared login is
    where authority over one membership must not become authority over the login."""
    taken = {(m.user, m.org) for m in spec.memberships}
    extra: list[MembershipSpec] = []
    for _ in range(draw(st.integers(0, 3))):
        user = draw(st.integers(0, len(spec.users) - 1))
        org = draw(st.integers(0, len(spec.orgs) - 1))
        role: Role = draw(st.sampled_from(Role))
        if (user, org) not in taken:
            taken.add((user, org))
            extra.append(MembershipSpec(user, org, role))
    return replace(spec, memberships=spec.memberships + tuple(extra))


@st.composite
def extras_for(draw: st.DrawFn, spec: WorldSpec) -> Extras:
    """Rights for every membership and key, one invitation (often to the viewer's own
    login, so that accepting it is drawn too), and the organization of a second key."""
    viewer_user, _, _ = spec.acting()
    candidates = [
        (user, org)
        for user in range(len(spec.users))
        for org in range(1, len(spec.orgs))
        if not any(m.user == user and m.org == org for m in spec.memberships)
    ]
    own = [c for c in candidates if c[0] == viewer_user]
    invitation: tuple[int, int] | None = None
    invite: bool = draw(st.booleans())
    own_one: bool = draw(st.booleans())
    if candidates and invite:
        invitation = draw(st.sampled_from(own if own and own_one else candidates))
    return Extras(
        rights=tuple(draw(RIGHT_SETS) for _ in spec.memberships),
        key_rights=draw(RIGHT_SETS),
        invitation=invitation,
        key_org=draw(st.integers(0, len(spec.orgs) - 1)),
    )


async def apply_extras(world: World, extras: Extras, draws: Draws) -> None:
    spec = world.spec
    for index, rights in enumerate(extras.rights):
        m = spec.memberships[index]
        await Membership.filter(
            user_id=world.users[m.user], organization_id=world.orgs[m.org]
        ).update(access_rights=sorted(rights))
    if isinstance(spec.viewer, KeyViewer):
        await ApiKey.filter(name="k").update(access_rights=sorted(extras.key_rights))
    key = await ApiKey.create(
        organization_id=world.orgs[extras.key_org],
        name="second",
        role=Role.ADMIN,
        prefix="tnk_y",
        secret_hash=uuid4().hex,
    )
    draws.keys.append(key.id)
    endpoint = await WebhookEndpoint.create(
        organization_id=world.orgs[extras.key_org],
        url="https://hooks.example.com/world",
        secret_sealed=webhook_secrets.seal(webhook_secrets.new_secret(), TEST_SECRET_KEY),
    )
    draws.endpoints.append(endpoint.id)
    delivery = await WebhookDelivery.create(
        endpoint=endpoint,
        event_type="webhook.test",
        message_id="msg_test_authority",
        payload="{}",
        status=DeliveryStatus.FAILED,
    )
    draws.endpoint_id, draws.delivery_id = endpoint.id, delivery.id
    if extras.invitation is not None:
        user, org = extras.invitation
        invitation = await Invitation.create(
            user_id=world.users[user],
            organization_id=world.orgs[org],
            role=Role.MEMBER,
            token_hash=hash_secret(INVITATION_SECRET, TEST_SECRET_KEY),
            expires_at=now() + timedelta(days=1),
        )
        draws.invitation_id = invitation.id


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
@given(spec=worlds(max_orgs=14, max_users=24), data=st.data())
async def test_every_write_obeys_the_authority_table(
    api: Api, spec: WorldSpec, data: st.DataObject
) -> None:
    spec = data.draw(with_shared_logins(spec))
    extras = data.draw(extras_for(spec))
    oracle = Authority(spec, extras)
    draws = await fresh_world(spec, extras, oracle, data)
    # Several calls per world: building it costs more than a call. A call that changed
    # anything (or a target prepared for it) is followed by a fresh copy of the world, so
    # every call meets the world the oracle reads.
    for _ in range(CALLS_PER_WORLD):
        mutation = data.draw(MUTATIONS)
        case = BUILDERS[mutation](draws)
        event(f"{mutation}: {case.expect}")
        if case.prepare is not None:
            await case.prepare()
        before = await table_snapshot()
        known_events = set(await AuditEvent.all().values_list("id", flat=True))

        body = await api(case.query, case.variables, token=draws.world.token)

        after = await table_snapshot()
        story = f"{spec.describe()}\nrights: {extras}"
        check_answer(case, body, before == after, story)
        new_events = await AuditEvent.exclude(id__in=known_events).values_list("action", flat=True)
        check_events(case, body, before != after, [str(a) for a in new_events], story)
        if case.prepare is not None or before != after:
            draws = await fresh_world(spec, extras, oracle, data)


CALLS_PER_WORLD = 4
# A mutation by a wide integer's remainder: hypothesis draws the first elements of a
# `sampled_from` far more often than the rest, which left most mutations rarely drawn.
MUTATIONS = st.integers(0, 2**20).map(lambda n: sorted(BUILDERS)[n % len(BUILDERS)])


async def fresh_world(
    spec: WorldSpec, extras: Extras, oracle: Authority, data: st.DataObject
) -> Draws:
    await empty_all_tables()
    world = await build_world(spec)
    draws = Draws(data.draw, world, extras, oracle)
    await apply_extras(world, extras, draws)
    return draws


def check_events(
    case: Case, body: dict[str, Any], changed: bool, actions: list[str], world: str
) -> None:
    """A success that changed anything wrote its event (every action in the catalog; a
    success with nothing to do, as resetting a template never set, needs none); a refusal,
    whatever its code, none: an event of a change that did not happen would be a lie."""
    codes = codes_in(body)
    story = f"{case.mutation} on {case.target} answered {codes or 'success'}\n{world}\n{body}"
    unknown = [action for action in actions if action not in EVENT_OF_ACTION]
    assert not unknown, f"events with no type in the catalog: {unknown}\n{story}"
    if codes or "errors" in body:
        assert not actions, f"a refused write left events {actions}\n{story}"
    elif changed and case.mutation not in NO_EVENT:
        assert actions, f"a successful write emitted no event\n{story}"


def check_answer(case: Case, body: dict[str, Any], unchanged: bool, world: str) -> None:
    """The answer is the table's: no refusal when allowed, exactly the refusal (and no
    change anywhere) otherwise."""
    codes = codes_in(body)
    story = (
        f"{case.mutation} on {case.target} answered {codes or 'success'}, the table says "
        f"{case.expect}\n{world}\nanswer: {body}"
    )
    if case.expect == Expect.ALLOWED:
        assert not AUTHORITY_CODES & set(codes), story
        assert "errors" not in body, story
        for check in case.checks if not codes else ():  # refused for its state: no result
            problem = check(body["data"])
            assert problem is None, f"{problem}\n{story}"
        return
    if case.expect == Expect.REFUSED:
        assert codes in (["FORBIDDEN"], ["NOT_FOUND"]), story
    else:
        assert codes == [str(case.expect)], story
    if case.expect != Expect.INVALID_STATE:
        assert unchanged, f"a refused write changed data\n{story}"
