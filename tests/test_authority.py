"""Authority over writes (docs/authority.md): the takeover paths found from outside, each
through the public API, and the rules that close them.

The world: the Master with its OWNER `admin` and an ADMIN `ops`; a reseller with OWNER
`reseller` and ADMIN `reseller-admin` (no `plans` right); its customer with OWNER `owner`,
ADMIN `customer-admin` and MEMBER `member`; and `shared`, a login that is both OWNER of the
customer and ADMIN of the Master (linked by an administrator).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from tortoise.timezone import now

from domain.people.access import ALL_ACCESS_RIGHTS
from domain.security.passwords import hash_password
from gql.schema.relay import to_global_id
from models import ApiKey, Department, Invitation, Membership, Organization, OutboxEmail, User
from models.enums import OrganizationKind, Role, UserStatus
from tests import factories
from tests.api import Api, error_codes
from tests.database import table_snapshot

SET_PASSWORD = """
mutation ($id: ID!) {
  setUserPassword(input: {userId: $id, password: "a-brand-new-password-1"}) {
    userErrors { code }
  }
}
"""
RESET_LINK = """
mutation ($id: ID!) { createPasswordResetLink(input: {userId: $id}) { link userErrors { code } } }
"""
UPDATE_USER = """
mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) { user { email } userErrors { code field } }
}
"""
DELETE_USER = """
mutation ($id: ID!, $org: ID) {
  deleteUser(input: {id: $id, organizationId: $org}) { deletedUserId userErrors { code } }
}
"""
CREATE_CUSTOMER = """
mutation ($email: String!, $password: String) {
  createCustomer(input: {name: "Linked Co", owner: {email: $email, password: $password}}) {
    organization { id name }
    owner { id email }
    generatedPassword
    invitation { id email role organizationName }
    userErrors { code field }
  }
}
"""
CREATE_USER = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) {
    user { id email } generatedPassword invitation { id email role } userErrors { code field }
  }
}
"""
CREATE_KEY = """
mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret userErrors { code field } }
}
"""
LOGIN_ACTIVITY = """
query ($id: ID!) { node(id: $id) { ... on User { email lastLoginAt } } }
"""
INVITATIONS = "{ viewer { invitations { id organizationName role } } }"
ACCEPT = """
mutation ($token: String!) {
  acceptInvitation(input: {token: $token}) { organizationName role userErrors { code } }
}
"""
DECLINE = """
mutation ($id: ID!) {
  declineInvitation(input: {id: $id}) { declinedInvitationId userErrors { code } }
}
"""
IMPERSONATE = """
mutation ($id: ID!) { impersonate(input: {organizationId: $id}) { token userErrors { code } } }
"""
VIEWER = "{ viewer { organization { name } accessRights impersonator { email } } }"
LIFECYCLE = """
mutation ($ids: [ID!]!) {
  suspend: suspendOrganizations(input: {ids: $ids, reason: "abuse"}) {
    results { organization { status suspendedByKind } userErrors { code } }
  }
}
"""


@pytest.fixture
async def world() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    people: dict[str, User] = {}
    tokens: dict[str, str] = {}
    no_plans = [right for right in ALL_ACCESS_RIGHTS if right != "plans"]
    for person, org, role, rights in [
        ("admin", master, Role.OWNER, None),
        ("ops", master, Role.ADMIN, None),
        ("reseller", reseller, Role.OWNER, None),
        ("reseller-admin", reseller, Role.ADMIN, no_plans),
        ("owner", customer, Role.OWNER, None),
        ("customer-admin", customer, Role.ADMIN, ["users", "websites"]),
        ("member", customer, Role.MEMBER, None),
    ]:
        people[person], tokens[person] = await factories.quick_member(
            org, f"{person}@example.com", role, rights
        )
    shared, tokens["shared"] = await factories.quick_member(
        master, "shared@example.com", Role.ADMIN
    )
    await Membership.create(user=shared, organization=customer, role=Role.OWNER)
    people["shared"] = shared
    return {
        "orgs": {"master": master, "reseller": reseller, "customer": customer},
        "people": people,
        "tokens": tokens,
    }


def uid(world: dict[str, Any], person: str) -> str:
    return to_global_id("User", world["people"][person].id)


def oid(world: dict[str, Any], name: str) -> str:
    return to_global_id("Organization", world["orgs"][name].id)


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


# A login shared with the Master: the reseller sees it, but has no authority over it.


@pytest.mark.parametrize("person", ["reseller", "reseller-admin", "owner"])
async def test_a_shared_login_s_password_is_not_for_one_of_its_organizations(
    api: Api, world: dict[str, Any], person: str
) -> None:
    token = world["tokens"][person]
    before = (await User.get(id=world["people"]["shared"].id)).password_hash

    password = await api.data(SET_PASSWORD, {"id": uid(world, "shared")}, token)
    link = await api.data(RESET_LINK, {"id": uid(world, "shared")}, token)

    assert codes(password["setUserPassword"]) == ["FORBIDDEN"]
    assert codes(link["createPasswordResetLink"]) == ["FORBIDDEN"]
    assert link["createPasswordResetLink"]["link"] is None
    assert (await User.get(id=world["people"]["shared"].id)).password_hash == before


@pytest.mark.parametrize(
    "change",
    [{"email": "taken-over@example.com"}, {"status": "DISABLED"}, {"firstName": "Mallory"}],
)
async def test_a_shared_login_s_identity_is_not_for_one_of_its_organizations(
    api: Api, world: dict[str, Any], change: dict[str, str]
) -> None:
    given = {"id": uid(world, "shared"), "organizationId": oid(world, "customer"), **change}

    data = await api.data(UPDATE_USER, {"input": given}, world["tokens"]["reseller"])

    assert codes(data["updateUser"]) == ["FORBIDDEN"]
    shared = await User.get(id=world["people"]["shared"].id)
    assert (shared.email, shared.status, shared.first_name) == (
        "shared@example.com",
        UserStatus.ACTIVE,
        "Quick",
    )


async def test_an_administrator_may_change_a_login_it_fully_administers(
    api: Api, world: dict[str, Any]
) -> None:
    password = await api.data(SET_PASSWORD, {"id": uid(world, "shared")}, world["tokens"]["admin"])
    reseller = await api.data(
        SET_PASSWORD, {"id": uid(world, "owner")}, world["tokens"]["reseller"]
    )

    assert codes(password["setUserPassword"]) == []
    assert codes(reseller["setUserPassword"]) == []


async def test_a_shared_login_s_activity_is_hidden_from_one_of_its_organizations(
    api: Api, world: dict[str, Any]
) -> None:
    await User.filter(id=world["people"]["shared"].id).update(last_login_at=now())

    hidden = await api(LOGIN_ACTIVITY, {"id": uid(world, "shared")}, world["tokens"]["reseller"])
    shown = await api(LOGIN_ACTIVITY, {"id": uid(world, "owner")}, world["tokens"]["reseller"])

    assert hidden["data"]["node"]["lastLoginAt"] is None
    assert error_codes(hidden) == ["FORBIDDEN"]
    assert "errors" not in shown


async def test_removing_a_shared_login_from_a_customer_keeps_the_login(
    api: Api, world: dict[str, Any]
) -> None:
    data = await api.data(
        DELETE_USER,
        {"id": uid(world, "shared"), "org": oid(world, "customer")},
        world["tokens"]["reseller"],
    )

    assert codes(data["deleteUser"]) == []
    assert await User.filter(id=world["people"]["shared"].id).exists()
    assert await Membership.filter(user_id=world["people"]["shared"].id).count() == 1


# Linking an existing login needs its consent.


async def test_a_reseller_naming_the_administrator_s_email_only_invites_it(
    api: Api, world: dict[str, Any]
) -> None:
    data = await api.data(
        CREATE_CUSTOMER, {"email": "Admin@Example.com"}, world["tokens"]["reseller"]
    )
    created = data["createCustomer"]
    admin = world["people"]["admin"]

    assert created["userErrors"] == []
    assert created["owner"] is None
    assert created["generatedPassword"] is None
    assert created["invitation"]["email"] == "admin@example.com"
    assert created["invitation"]["role"] == "OWNER"
    assert await Membership.filter(user_id=admin.id).count() == 1  # the Master's only
    shown = await api.data(
        "query ($id: ID!) { organization(id: $id) { ownerLogin { id } "
        "invitations { email role expiresAt } } }",
        {"id": created["organization"]["id"]},
        world["tokens"]["reseller"],
    )
    assert shown["organization"]["ownerLogin"] is None
    assert [(i["email"], i["role"]) for i in shown["organization"]["invitations"]] == [
        ("admin@example.com", "OWNER")
    ]
    # The reseller still cannot reach the administrator's login at all.
    password = await api.data(
        SET_PASSWORD, {"id": uid(world, "admin")}, world["tokens"]["reseller"]
    )
    assert codes(password["setUserPassword"]) == ["NOT_FOUND"]


async def invitation_token(address: str) -> str:
    """The secret of the latest invitation emailed to `address`."""
    email = (
        await OutboxEmail.filter(kind="invitation", to_address=address)
        .order_by("-created_at")
        .first()
    )
    assert email is not None
    match = re.search(r"token=(tni_[\w-]+)", email.body)
    assert match is not None, email.body
    return match.group(1)


async def test_an_invited_login_accepts_with_the_emailed_token_and_only_then_belongs(
    api: Api, world: dict[str, Any]
) -> None:
    created = await api.data(
        CREATE_CUSTOMER, {"email": "admin@example.com"}, world["tokens"]["reseller"]
    )
    org_id = created["createCustomer"]["organization"]["id"]

    listed = await api.data(INVITATIONS, token=world["tokens"]["admin"])
    [invitation] = listed["viewer"]["invitations"]
    token = await invitation_token("admin@example.com")
    accepted = await api.data(ACCEPT, {"token": token}, world["tokens"]["admin"])
    again = await api.data(ACCEPT, {"token": token}, world["tokens"]["admin"])

    assert invitation["organizationName"] == "Linked Co"
    assert accepted["acceptInvitation"] == {
        "organizationName": "Linked Co",
        "role": "OWNER",
        "userErrors": [],
    }
    assert codes(again["acceptInvitation"]) == ["NOT_FOUND"]
    organization = await Organization.get(id=_uuid(org_id))
    assert await Membership.filter(
        user_id=world["people"]["admin"].id, organization=organization, role=Role.OWNER
    ).exists()


async def test_an_invitation_needs_its_login_s_session_and_its_token_and_lapses(
    api: Api, world: dict[str, Any]
) -> None:
    await api.data(CREATE_CUSTOMER, {"email": "admin@example.com"}, world["tokens"]["reseller"])
    invitation = await Invitation.get(user_id=world["people"]["admin"].id)
    token = await invitation_token("admin@example.com")

    stranger = await api.data(ACCEPT, {"token": token}, world["tokens"]["reseller"])
    guessed = await api.data(ACCEPT, {"token": "tni_guess"}, world["tokens"]["admin"])
    await Invitation.filter(id=invitation.id).update(expires_at=now() - timedelta(minutes=1))
    lapsed = await api.data(ACCEPT, {"token": token}, world["tokens"]["admin"])

    assert codes(stranger["acceptInvitation"]) == ["NOT_FOUND"]
    assert codes(guessed["acceptInvitation"]) == ["NOT_FOUND"]
    assert codes(lapsed["acceptInvitation"]) == ["NOT_FOUND"]
    assert await Membership.filter(user_id=world["people"]["admin"].id).count() == 1


async def test_a_declined_invitation_grants_nothing(api: Api, world: dict[str, Any]) -> None:
    await api.data(CREATE_CUSTOMER, {"email": "admin@example.com"}, world["tokens"]["reseller"])
    invitation = await Invitation.get(user_id=world["people"]["admin"].id)

    declined = await api.data(
        DECLINE, {"id": to_global_id("Invitation", invitation.id)}, world["tokens"]["admin"]
    )

    assert codes(declined["declineInvitation"]) == []
    assert not await Invitation.exists()
    assert await Membership.filter(user_id=world["people"]["admin"].id).count() == 1


async def test_create_user_invites_a_login_the_actor_does_not_administer(
    api: Api, world: dict[str, Any]
) -> None:
    given = {"organizationId": oid(world, "customer"), "email": "ops@example.com"}

    data = await api.data(CREATE_USER, {"input": given}, world["tokens"]["owner"])

    assert data["createUser"]["user"] is None
    assert data["createUser"]["invitation"]["email"] == "ops@example.com"
    assert await Membership.filter(user_id=world["people"]["ops"].id).count() == 1


async def test_create_user_invites_even_a_login_the_actor_administers(
    api: Api, world: dict[str, Any]
) -> None:
    given = {"organizationId": oid(world, "reseller"), "email": "owner@example.com"}

    data = await api.data(CREATE_USER, {"input": given}, world["tokens"]["reseller"])

    assert data["createUser"]["user"] is None
    assert data["createUser"]["invitation"]["email"] == "owner@example.com"
    assert await Membership.filter(user_id=world["people"]["owner"].id).count() == 1


async def test_an_actor_links_its_own_login_within_its_rights(
    api: Api, world: dict[str, Any]
) -> None:
    given = {"organizationId": oid(world, "customer"), "email": "reseller@example.com"}

    data = await api.data(CREATE_USER, {"input": given}, world["tokens"]["reseller"])

    assert data["createUser"]["user"]["email"] == "reseller@example.com"
    assert data["createUser"]["invitation"] is None


# Nobody below OWNER touches an OWNER; nobody raises themselves.


async def test_a_customer_admin_cannot_take_over_its_owner(api: Api, world: dict[str, Any]) -> None:
    token = world["tokens"]["customer-admin"]
    owner = uid(world, "owner")

    attempts = {
        "password": (await api.data(SET_PASSWORD, {"id": owner}, token))["setUserPassword"],
        "link": (await api.data(RESET_LINK, {"id": owner}, token))["createPasswordResetLink"],
        "email": (
            await api.data(UPDATE_USER, {"input": {"id": owner, "email": "me@evil.test"}}, token)
        )["updateUser"],
        "demote": (await api.data(UPDATE_USER, {"input": {"id": owner, "role": "MEMBER"}}, token))[
            "updateUser"
        ],
        "disable": (
            await api.data(UPDATE_USER, {"input": {"id": owner, "status": "DISABLED"}}, token)
        )["updateUser"],
        "remove": (await api.data(DELETE_USER, {"id": owner}, token))["deleteUser"],
    }

    assert {name: codes(payload) for name, payload in attempts.items()} == {
        name: ["FORBIDDEN"] for name in attempts
    }
    owner_row = await User.get(id=world["people"]["owner"].id)
    assert owner_row.email == "owner@example.com"
    assert owner_row.status == UserStatus.ACTIVE


@pytest.mark.parametrize(
    "change",
    [{"role": "OWNER"}, {"accessRights": ["users", "websites", "plans"]}],
)
async def test_nobody_raises_their_own_role_or_rights(
    api: Api, world: dict[str, Any], change: dict[str, Any]
) -> None:
    given = {"id": uid(world, "customer-admin"), **change}

    data = await api.data(UPDATE_USER, {"input": given}, world["tokens"]["customer-admin"])

    assert codes(data["updateUser"]) == ["FORBIDDEN"]
    membership = await Membership.get(user_id=world["people"]["customer-admin"].id)
    assert (membership.role, membership.access_rights) == (Role.ADMIN, ["users", "websites"])


async def test_nobody_grants_a_right_it_does_not_hold(api: Api, world: dict[str, Any]) -> None:
    token = world["tokens"]["customer-admin"]
    new_user = {
        "organizationId": oid(world, "customer"),
        "email": "helper@example.com",
        "role": "ADMIN",
        "accessRights": ["billing"],
    }
    raised = {"id": uid(world, "member"), "accessRights": ["billing"]}

    created = await api.data(CREATE_USER, {"input": new_user}, token)
    updated = await api.data(UPDATE_USER, {"input": raised}, token)
    key = await api.data(
        CREATE_KEY,
        {"input": {"organizationId": oid(world, "customer"), "name": "k", "role": "OWNER"}},
        token,
    )

    assert codes(created["createUser"]) == ["FORBIDDEN"]
    assert codes(updated["updateUser"]) == ["FORBIDDEN"]
    assert codes(key["createApiKey"]) == ["FORBIDDEN"]
    assert not await User.filter(email="helper@example.com").exists()


async def test_an_owner_may_still_appoint_and_grant(api: Api, world: dict[str, Any]) -> None:
    given = {"id": uid(world, "member"), "role": "ADMIN", "accessRights": ["billing", "dns"]}

    data = await api.data(UPDATE_USER, {"input": given}, world["tokens"]["owner"])

    assert codes(data["updateUser"]) == []
    membership = await Membership.get(user_id=world["people"]["member"].id)
    assert (membership.role, membership.access_rights) == (Role.ADMIN, ["billing", "dns"])


# Access rights gate their areas.


SERVICE = """
mutation ($org: ID!, $kind: ServiceKind!) {
  createService(input: {organizationId: $org, kind: $kind, name: "svc.example"}) {
    service { id } userErrors { code field }
  }
}
"""
DEPARTMENT = """
mutation ($org: ID!) {
  createDepartment(input: {organizationId: $org, name: "Ops"}) { userErrors { code } }
}
"""


@pytest.mark.parametrize(
    ("kind", "right"),
    [("WEBSITE", "websites"), ("MAILBOX", "email"), ("DNS_ZONE", "dns"), ("DATABASE", "websites")],
)
async def test_services_need_the_right_of_their_area(
    api: Api, world: dict[str, Any], kind: str, right: str
) -> None:
    customer = world["orgs"]["customer"]
    _, with_right = await factories.quick_member(customer, "with@example.com", Role.ADMIN, [right])
    others = [r for r in ALL_ACCESS_RIGHTS if r != right]
    _, without = await factories.quick_member(customer, "without@example.com", Role.ADMIN, others)
    variables = {"org": oid(world, "customer"), "kind": kind}

    refused = await api.data(SERVICE, variables, without)
    allowed = await api.data(SERVICE, variables, with_right)

    assert codes(refused["createService"]) == ["FORBIDDEN"]
    assert codes(allowed["createService"]) == []


async def test_users_and_departments_need_the_users_right(api: Api, world: dict[str, Any]) -> None:
    customer = world["orgs"]["customer"]
    _, token = await factories.quick_member(customer, "web@example.com", Role.ADMIN, ["websites"])
    new_user = {"organizationId": oid(world, "customer"), "email": "x@example.com"}

    user = await api.data(CREATE_USER, {"input": new_user}, token)
    department = await api.data(DEPARTMENT, {"org": oid(world, "customer")}, token)

    assert codes(user["createUser"]) == ["FORBIDDEN"]
    assert codes(department["createDepartment"]) == ["FORBIDDEN"]


# Impersonation is re-authorised on every request and creates no lasting credentials.


async def impersonate(api: Api, world: dict[str, Any], person: str, target: str) -> str:
    data = await api.data(IMPERSONATE, {"id": oid(world, target)}, world["tokens"][person])
    token: str = data["impersonate"]["token"]
    assert token, data
    return token


async def _demote(world: dict[str, Any]) -> None:
    await Membership.filter(user_id=world["people"]["reseller-admin"].id).update(role=Role.MEMBER)


async def _remove(world: dict[str, Any]) -> None:
    await Membership.filter(user_id=world["people"]["reseller-admin"].id).delete()


async def _disable(world: dict[str, Any]) -> None:
    await User.filter(id=world["people"]["reseller-admin"].id).update(status=UserStatus.DISABLED)


async def _move_away(world: dict[str, Any]) -> None:
    # The customer now sits directly under the Master: outside the reseller's subtree.
    customer, master = world["orgs"]["customer"], world["orgs"]["master"]
    await Organization.filter(id=customer.id).update(
        owner_id=master.id, path=master.path + customer.id.hex + "/", depth=1
    )


@pytest.mark.parametrize("end", [_demote, _remove, _disable, _move_away])
async def test_an_impersonation_ends_when_its_impersonator_could_not_start_it_now(
    api: Api, world: dict[str, Any], end: Any
) -> None:
    token = await impersonate(api, world, "reseller-admin", "customer")
    assert "errors" not in await api(VIEWER, token=token)

    await end(world)
    body = await api(VIEWER, token=token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "IMPERSONATION_ENDED",
    }


async def test_an_impersonation_has_only_its_impersonator_s_rights(
    api: Api, world: dict[str, Any]
) -> None:
    token = await impersonate(api, world, "reseller-admin", "customer")

    viewer = await api.data(VIEWER, token=token)

    assert viewer["viewer"]["impersonator"] == {"email": "reseller-admin@example.com"}
    assert "plans" not in viewer["viewer"]["accessRights"]
    assert "users" in viewer["viewer"]["accessRights"]


async def test_an_impersonation_creates_no_lasting_credentials(
    api: Api, world: dict[str, Any]
) -> None:
    token = await impersonate(api, world, "admin", "customer")
    before = await table_snapshot()
    customer = oid(world, "customer")

    key = await api(
        CREATE_KEY, {"input": {"organizationId": customer, "name": "k", "role": "ADMIN"}}, token
    )
    password = await api(SET_PASSWORD, {"id": uid(world, "member")}, token)
    link = await api(RESET_LINK, {"id": uid(world, "member")}, token)
    chosen = await api(
        CREATE_USER,
        {"input": {"organizationId": customer, "email": "y@example.com", "password": "x" * 20}},
        token,
    )

    for body in (key, password, link, chosen):
        assert error_codes(body) == ["FORBIDDEN"], body
    assert await table_snapshot() == before


async def test_an_impersonation_is_not_shown_the_passwords_it_generates(
    api: Api, world: dict[str, Any]
) -> None:
    token = await impersonate(api, world, "admin", "customer")
    given = {"organizationId": oid(world, "customer"), "email": "new.person@example.com"}

    data = await api.data(CREATE_USER, {"input": given}, token)

    assert data["createUser"]["user"]["email"] == "new.person@example.com"
    assert data["createUser"]["generatedPassword"] is None


async def test_an_impersonation_cannot_accept_invitations(api: Api, world: dict[str, Any]) -> None:
    invitation = await Invitation.create(
        organization=world["orgs"]["reseller"],
        user=world["people"]["owner"],
        role=Role.ADMIN,
        token_hash="x" * 64,
        expires_at=now() + timedelta(days=1),
    )
    token = await impersonate(api, world, "admin", "customer")

    listed = await api.data(INVITATIONS, token=token)
    body = await api(ACCEPT, {"token": "tni_whatever"}, token)

    assert listed["viewer"]["invitations"] == []
    assert error_codes(body) == ["FORBIDDEN"]
    assert await Invitation.filter(id=invitation.id).exists()


# Suspensions have an author level.

REACTIVATE = """
mutation ($ids: [ID!]!) {
  reactivateOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""
DELETE = """
mutation ($ids: [ID!]!) {
  deleteOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""
RESTORE = """
mutation ($ids: [ID!]!) {
  restoreOrganizations(input: {ids: $ids}) { results { userErrors { code } } }
}
"""


def result_codes(data: dict[str, Any]) -> list[str]:
    [payload] = data.values()
    return [code for result in payload["results"] for code in codes(result)]


async def test_a_reseller_cannot_lift_the_platform_s_suspension(
    api: Api, world: dict[str, Any]
) -> None:
    ids = [oid(world, "customer")]
    suspended = await api.data(LIFECYCLE, {"ids": ids}, world["tokens"]["admin"])

    reactivate = await api.data(REACTIVATE, {"ids": ids}, world["tokens"]["reseller"])
    delete = await api.data(DELETE, {"ids": ids}, world["tokens"]["reseller"])
    seen = await api.data(
        "query ($id: ID!) { organization(id: $id) { status suspendedByKind suspensionReason } }",
        {"id": ids[0]},
        world["tokens"]["reseller"],
    )

    assert suspended["suspend"]["results"][0]["organization"]["suspendedByKind"] == "MASTER"
    assert result_codes(reactivate) == ["FORBIDDEN"]
    assert result_codes(delete) == ["FORBIDDEN"]
    assert seen["organization"] == {
        "status": "SUSPENDED",
        "suspendedByKind": "MASTER",
        "suspensionReason": "abuse",
    }
    lifted = await api.data(REACTIVATE, {"ids": ids}, world["tokens"]["admin"])
    assert result_codes(lifted) == []


async def test_a_reseller_lifts_its_own_suspension_and_the_platform_can_too(
    api: Api, world: dict[str, Any]
) -> None:
    ids = [oid(world, "customer")]
    suspended = await api.data(LIFECYCLE, {"ids": ids}, world["tokens"]["reseller"])
    by_reseller = await api.data(REACTIVATE, {"ids": ids}, world["tokens"]["reseller"])
    await api.data(LIFECYCLE, {"ids": ids}, world["tokens"]["reseller"])
    by_admin = await api.data(REACTIVATE, {"ids": ids}, world["tokens"]["admin"])

    assert suspended["suspend"]["results"][0]["organization"]["suspendedByKind"] == "RESELLER"
    assert result_codes(by_reseller) == []
    assert result_codes(by_admin) == []


async def test_a_reseller_cannot_restore_what_the_platform_deleted(
    api: Api, world: dict[str, Any]
) -> None:
    ids = [oid(world, "customer")]
    await api.data(DELETE, {"ids": ids}, world["tokens"]["admin"])

    restore = await api.data(RESTORE, {"ids": ids}, world["tokens"]["reseller"])

    assert result_codes(restore) == ["FORBIDDEN"]
    assert result_codes(await api.data(RESTORE, {"ids": ids}, world["tokens"]["admin"])) == []


def _uuid(global_id: str) -> Any:
    from gql.schema.relay import parse_global_id

    parsed = parse_global_id(global_id)
    assert parsed is not None
    return parsed[1]


# A customer's own audit log hides what its fields hide: who manages it.

AUDIT = """
{ auditEvents(first: 50) { edges { node { action actorEmail impersonatorEmail ip summary } } } }
"""


async def test_a_customer_s_audit_log_does_not_name_its_provider_s_staff(
    api: Api, world: dict[str, Any]
) -> None:
    ids = [oid(world, "customer")]
    await api.data(LIFECYCLE, {"ids": ids}, world["tokens"]["reseller"])
    await api.data(REACTIVATE, {"ids": ids}, world["tokens"]["reseller"])
    token = await impersonate(api, world, "reseller", "customer")
    await api.data(DEPARTMENT, {"org": oid(world, "customer")}, token)  # done while impersonating
    await api.data(
        'mutation ($id: ID!) { updateOrganization(input: {id: $id, company: "Own Co"}) '
        "{ userErrors { code } } }",
        {"id": oid(world, "customer")},
        world["tokens"]["owner"],
    )

    seen = await api.data(AUDIT, token=world["tokens"]["owner"])
    by_reseller = await api.data(AUDIT, token=world["tokens"]["reseller"])

    events = [edge["node"] for edge in seen["auditEvents"]["edges"]]
    above = {"organization.suspend", "organization.reactivate", "organization.impersonate"}
    from_above = [e for e in events if e["action"] in above]
    impersonated = [e for e in events if e["impersonatorEmail"]]
    own = [e for e in events if e["actorEmail"] == "owner@example.com"]
    assert len(from_above) == 3
    assert {e["actorEmail"] for e in from_above} == {"provider"}
    assert all(e["ip"] is None for e in from_above + impersonated)
    assert [e["impersonatorEmail"] for e in impersonated] == ["provider"]
    assert len(own) == 2  # its own change, and the one made while impersonated
    assert [e["ip"] for e in own if not e["impersonatorEmail"]] == ["203.0.113.7"]
    shown = {
        e["actorEmail"] for e in (edge["node"] for edge in by_reseller["auditEvents"]["edges"])
    }
    assert "reseller@example.com" in shown


# Found by an attacker's pass over the first version of these rules; each failed then.

LOGIN_INTO = """
mutation ($email: String!, $password: String!, $org: ID) {
  login(input: {email: $email, password: $password, organizationId: $org}) {
    token viewer { role } userErrors { code }
  }
}
"""
CHOSEN = "a-chosen-password-123456"


async def login_into(api: Api, email: str, org: str | None = None) -> dict[str, Any]:
    variables = {"email": email, "password": CHOSEN, "org": org}
    result: dict[str, Any] = (await api.data(LOGIN_INTO, variables))["login"]
    return result


async def with_password(user: User) -> None:
    await User.filter(id=user.id).update(password_hash=await hash_password(CHOSEN, 4))


@pytest.mark.parametrize("squatter", ["reseller", "customer-admin"])
async def test_a_planted_login_is_invited_never_linked_into_the_master(
    api: Api, world: dict[str, Any], squatter: str
) -> None:
    email = "new.hire@platform.example"
    planted = {"organizationId": oid(world, "customer"), "email": email, "password": CHOSEN}
    await api.data(CREATE_USER, {"input": planted}, world["tokens"][squatter])

    hired = await api.data(
        CREATE_USER,
        {"input": {"organizationId": oid(world, "master"), "email": email, "role": "ADMIN"}},
        world["tokens"]["admin"],
    )
    session = await login_into(api, email, oid(world, "master"))

    assert hired["createUser"]["invitation"] is not None
    assert session["token"] is None


async def test_a_pending_invitation_is_not_for_whoever_knows_the_password(
    api: Api, world: dict[str, Any]
) -> None:
    other = await factories.organization(
        OrganizationKind.RESELLER, world["orgs"]["master"], name="Other"
    )
    _, boss = await factories.quick_member(other, "boss@other.example", Role.OWNER)
    email = "alice@other.example"
    planted = {"organizationId": oid(world, "customer"), "email": email, "password": CHOSEN}
    await api.data(CREATE_USER, {"input": planted}, world["tokens"]["reseller"])
    invite = {
        "organizationId": to_global_id("Organization", other.id),
        "email": email,
        "role": "ADMIN",
    }
    await api.data(CREATE_USER, {"input": invite}, boss)

    token = (await login_into(api, email))["token"]
    listed = await api.data(INVITATIONS, token=token)
    guessed = await api.data(ACCEPT, {"token": "tni_" + "x" * 43}, token)
    # Its planter changes its email to receive a fresh invitation: the pending one goes.
    await api.data(
        UPDATE_USER,
        {
            "input": {
                "id": to_global_id("User", (await User.get(email=email)).id),
                "email": "mine@evil.example",
            }
        },
        world["tokens"]["reseller"],
    )

    assert len(listed["viewer"]["invitations"]) == 1
    assert codes(guessed["acceptInvitation"]) == ["NOT_FOUND"]
    assert not await Invitation.exists()
    assert not await Membership.filter(organization=other, user__email="mine@evil.example").exists()


async def test_a_customer_cannot_lock_a_shared_login_out_of_other_organizations(
    api: Api, world: dict[str, Any]
) -> None:
    shared = world["people"]["shared"]
    await with_password(shared)
    trap = await Department.create(
        organization=world["orgs"]["customer"], name="Trap", allowed_ip_ranges=["10.9.9.9/32"]
    )

    moved = await api.data(
        UPDATE_USER,
        {
            "input": {
                "id": uid(world, "shared"),
                "organizationId": oid(world, "customer"),
                "departmentId": to_global_id("Department", trap.id),
            }
        },
        world["tokens"]["owner"],
    )
    # Even a department it already sits in binds it only where that department is.
    await User.filter(id=shared.id).update(department_id=trap.id)
    into_master = await login_into(api, "shared@example.com", oid(world, "master"))
    into_customer = await login_into(api, "shared@example.com", oid(world, "customer"))

    assert codes(moved["updateUser"]) == ["FORBIDDEN"]
    assert into_master["userErrors"] == []
    assert codes(into_customer) == ["ADDRESS_NOT_ALLOWED"]


async def test_appointing_an_owner_needs_every_right(api: Api, world: dict[str, Any]) -> None:
    _, token = await factories.quick_member(
        world["orgs"]["reseller"], "limited@example.com", Role.ADMIN, ["users"]
    )
    customer = oid(world, "customer")
    owner_key = {"input": {"organizationId": customer, "name": "k", "role": "OWNER"}}
    itself = {"organizationId": customer, "email": "limited@example.com", "role": "OWNER"}
    stranger = {"organizationId": customer, "email": "mine@evil.example", "role": "OWNER"}

    key = await api.data(CREATE_KEY, owner_key, token)
    linked = await api.data(CREATE_USER, {"input": itself}, token)
    impersonation = await impersonate(api, world, "reseller", "customer")
    await Membership.filter(user__email="reseller@example.com").update(
        role=Role.ADMIN, access_rights=["users"]
    )
    capped = await api.data(CREATE_USER, {"input": stranger}, impersonation)

    assert codes(key["createApiKey"]) == ["FORBIDDEN"]
    assert codes(linked["createUser"]) == ["FORBIDDEN"]
    assert codes(capped["createUser"]) == ["FORBIDDEN"]
    assert not await Membership.filter(
        organization=world["orgs"]["customer"],
        role=Role.OWNER,
        user__email__in=["limited@example.com", "mine@evil.example"],
    ).exists()


MOVE = """
mutation ($ids: [ID!]!, $to: ID!) {
  moveOrganizations(input: {ids: $ids, newOwnerId: $to}) { results { userErrors { code } } }
}
"""
COPY = """
mutation ($source: ID!) {
  copyCustomer(input: {sourceId: $source, name: "Copy", owner: {email: "copy@example.com"}}) {
    organization { id } userErrors { code }
  }
}
"""
PURGE_DRY = """
mutation ($ids: [ID!]!) {
  purgeOrganizations(input: {ids: $ids, dryRun: true}) { results { userErrors { code } } }
}
"""


async def _under_a_sub_reseller(world: dict[str, Any]) -> tuple[Organization, Organization]:
    sub = await factories.organization(OrganizationKind.RESELLER, world["orgs"]["reseller"])
    customer = await factories.organization(OrganizationKind.CUSTOMER, sub, name="Below")
    return sub, customer


async def test_moving_a_customer_out_from_under_a_platform_suspension_is_refused(
    api: Api, world: dict[str, Any]
) -> None:
    sub, below = await _under_a_sub_reseller(world)
    await api.data(
        LIFECYCLE, {"ids": [to_global_id("Organization", sub.id)]}, world["tokens"]["admin"]
    )

    moved = await api.data(
        MOVE,
        {"ids": [to_global_id("Organization", below.id)], "to": oid(world, "reseller")},
        world["tokens"]["reseller"],
    )

    assert result_codes(moved) == ["FORBIDDEN"]
    assert (await Organization.get(id=below.id)).owner_id == sub.id


@pytest.mark.parametrize("blocked_by", [LIFECYCLE, DELETE])
async def test_copying_what_the_platform_blocked_is_refused(
    api: Api, world: dict[str, Any], blocked_by: str
) -> None:
    await api.data(blocked_by, {"ids": [oid(world, "customer")]}, world["tokens"]["admin"])

    copied = await api.data(COPY, {"source": oid(world, "customer")}, world["tokens"]["reseller"])

    assert codes(copied["copyCustomer"]) == ["FORBIDDEN"]
    assert not await Organization.filter(name="Copy").exists()


async def test_deleting_or_purging_a_parent_cannot_reach_a_platform_suspension(
    api: Api, world: dict[str, Any]
) -> None:
    sub, below = await _under_a_sub_reseller(world)
    await api.data(
        LIFECYCLE, {"ids": [to_global_id("Organization", below.id)]}, world["tokens"]["admin"]
    )
    ids = [to_global_id("Organization", sub.id)]

    deleted = await api.data(DELETE, {"ids": ids}, world["tokens"]["reseller"])
    await Organization.filter(id=sub.id).update(status="DELETED")
    purged = await api.data(PURGE_DRY, {"ids": ids}, world["tokens"]["reseller"])

    assert result_codes(deleted) == ["FORBIDDEN"]
    assert result_codes(purged) == ["FORBIDDEN"]


async def test_a_new_password_ends_the_impersonations_of_its_login(
    api: Api, world: dict[str, Any]
) -> None:
    token = await impersonate(api, world, "reseller-admin", "customer")

    reset = await api.data(
        SET_PASSWORD, {"id": uid(world, "reseller-admin")}, world["tokens"]["admin"]
    )
    body = await api(VIEWER, token=token)

    assert codes(reset["setUserPassword"]) == []
    assert error_codes(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("how", ["remove", "demote"])
async def test_the_keys_a_login_made_stop_when_it_stops_managing(
    api: Api, world: dict[str, Any], how: str
) -> None:
    made = await api.data(
        CREATE_KEY,
        {
            "input": {
                "organizationId": oid(world, "customer"),
                "name": "mine",
                "role": "ADMIN",
                "accessRights": ["users"],
            }
        },
        world["tokens"]["customer-admin"],
    )
    secret = made["createApiKey"]["secret"]
    if how == "remove":
        change = await api.data(
            DELETE_USER, {"id": uid(world, "customer-admin")}, world["tokens"]["owner"]
        )
        assert codes(change["deleteUser"]) == []
    else:
        given = {"id": uid(world, "customer-admin"), "role": "MEMBER"}
        change = await api.data(UPDATE_USER, {"input": given}, world["tokens"]["owner"])
        assert codes(change["updateUser"]) == []

    body = await api(VIEWER, token=secret)

    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert await ApiKey.filter(name="mine", revoked_at__isnull=False).exists()


async def test_an_owner_s_password_is_for_those_who_hold_every_right(
    api: Api, world: dict[str, Any]
) -> None:
    # The reseller's ADMIN lacks `plans`: the new customer's OWNER would hold it.
    token = world["tokens"]["reseller-admin"]

    generated = await api.data(CREATE_CUSTOMER, {"email": "fresh@example.com"}, token)
    chosen = await api.data(
        CREATE_CUSTOMER, {"email": "chosen@example.com", "password": CHOSEN}, token
    )
    by_owner = await api.data(
        CREATE_CUSTOMER, {"email": "shown@example.com"}, world["tokens"]["reseller"]
    )

    assert generated["createCustomer"]["organization"] is not None
    assert generated["createCustomer"]["generatedPassword"] is None
    assert codes(chosen["createCustomer"]) == ["FORBIDDEN"]
    assert not await User.filter(email="chosen@example.com").exists()
    assert by_owner["createCustomer"]["generatedPassword"]
