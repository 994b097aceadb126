"""Who sees what (SPEC §5): role isolation and the field-level rules, through the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from tortoise.timezone import now

from gql.schema.relay import to_global_id
from models import AuditEvent, Department, Membership, Note, Organization, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api, error_codes

ORGANIZATIONS = "{ organizations(first: 100) { totalCount edges { node { name } } } }"
USERS = "{ users(first: 100) { totalCount edges { node { email } } } }"
NOTES = """
query ($id: ID!) {
  organization(id: $id) { name latestNote { text } notes { totalCount edges { node { text } } } }
}
"""
LOGIN_ACTIVITY = """
query ($id: ID!) {
  node(id: $id) { ... on User { email lastLoginAt lastLoginIp failedLoginCount } }
}
"""
AUDIT = "{ auditEvents(first: 100) { totalCount edges { node { targetName } } } }"


@dataclass
class World:
    orgs: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def gid(self, org: str) -> str:
        return to_global_id("Organization", self.orgs[org].id)


@pytest.fixture
async def world() -> World:
    """master ── reseller-a ── sub-a ── cust-sub
    │            └─ cust-a (owner, admin, member; 2 departments)
    ├─ reseller-b ── cust-b
    └─ cust-m"""
    w = World()
    w.orgs["master"] = await factories.master()
    plan = [
        ("reseller-a", OrganizationKind.RESELLER, "master"),
        ("reseller-b", OrganizationKind.RESELLER, "master"),
        ("sub-a", OrganizationKind.RESELLER, "reseller-a"),
        ("cust-a", OrganizationKind.CUSTOMER, "reseller-a"),
        ("cust-b", OrganizationKind.CUSTOMER, "reseller-b"),
        ("cust-sub", OrganizationKind.CUSTOMER, "sub-a"),
        ("cust-m", OrganizationKind.CUSTOMER, "master"),
    ]
    for name, kind, owner in plan:
        w.orgs[name] = await factories.organization(kind, w.orgs[owner], name=name)
    people = [
        ("admin", "master", Role.OWNER),
        ("support", "master", Role.MEMBER),
        ("ra-owner", "reseller-a", Role.OWNER),
        ("ra-member", "reseller-a", Role.MEMBER),
        ("rb-owner", "reseller-b", Role.OWNER),
        ("sub-owner", "sub-a", Role.OWNER),
        ("ca-owner", "cust-a", Role.OWNER),
        ("ca-admin", "cust-a", Role.ADMIN),
        ("ca-member", "cust-a", Role.MEMBER),
        ("cb-owner", "cust-b", Role.OWNER),
        ("cs-owner", "cust-sub", Role.OWNER),
        ("cm-owner", "cust-m", Role.OWNER),
    ]
    for person, org, role in people:
        user, token = await factories.quick_member(w.orgs[org], f"{person}@example.com", role)
        w.users[person], w.tokens[person] = user, token
    marketing = await Department.create(organization=w.orgs["cust-a"], name="Marketing")
    await Department.create(organization=w.orgs["cust-a"], name="Engineering")
    w.users["ca-member"].department = marketing
    await w.users["ca-member"].save()
    await User.filter(id=w.users["ca-member"].id).update(
        last_login_at=now(), last_login_ip="198.51.100.4"
    )
    return w


async def names(
    api: Api, token: str, query: str = ORGANIZATIONS, key: str = "organizations"
) -> set[str]:
    data = (await api.data(query, token=token))[key]
    found = {edge["node"].get("name") or edge["node"].get("email") for edge in data["edges"]}
    assert data["totalCount"] == len(found)
    return found


async def test_administrators_see_every_organization(api: Api, world: World) -> None:
    for person in ("admin", "support"):
        assert await names(api, world.tokens[person]) == set(world.orgs) - {"master"} | {"Platform"}


async def test_a_reseller_sees_itself_and_its_subtree_only(api: Api, world: World) -> None:
    expected = {"reseller-a", "sub-a", "cust-a", "cust-sub"}

    assert await names(api, world.tokens["ra-owner"]) == expected
    assert await names(api, world.tokens["ra-member"]) == expected  # support staff: read-only
    for hidden in ("reseller-b", "cust-b", "cust-m", "master"):
        data = await api.data(
            "query ($id: ID!) { organization(id: $id) { name } }",
            {"id": world.gid(hidden)},
            world.tokens["ra-owner"],
        )
        assert data == {"organization": None}, hidden


async def test_a_sub_reseller_cannot_see_its_parent(api: Api, world: World) -> None:
    assert await names(api, world.tokens["sub-owner"]) == {"sub-a", "cust-sub"}


@pytest.mark.parametrize("person", ["ca-owner", "ca-admin", "ca-member"])
async def test_customers_see_only_themselves(api: Api, world: World, person: str) -> None:
    assert await names(api, world.tokens[person]) == {"cust-a"}


async def test_a_member_lists_no_other_users(api: Api, world: World) -> None:
    token = world.tokens["ca-member"]

    assert await names(api, token, USERS, "users") == {"ca-member@example.com"}
    users_of_org = await api.data(
        "query ($id: ID!) { organization(id: $id) { users { edges { node { email } } } } }",
        {"id": world.gid("cust-a")},
        token,
    )
    assert [e["node"]["email"] for e in users_of_org["organization"]["users"]["edges"]] == [
        "ca-member@example.com"
    ]
    owner = to_global_id("User", world.users["ca-owner"].id)
    assert await api.data("query ($id: ID!) { node(id: $id) { id } }", {"id": owner}, token) == {
        "node": None
    }


async def test_a_member_sees_only_its_own_department(api: Api, world: World) -> None:
    departments = "{ departments { edges { node { name } } } }"

    as_member = await api.data(departments, token=world.tokens["ca-member"])
    as_admin = await api.data(departments, token=world.tokens["ca-admin"])

    assert [e["node"]["name"] for e in as_member["departments"]["edges"]] == ["Marketing"]
    assert {e["node"]["name"] for e in as_admin["departments"]["edges"]} == {
        "Marketing",
        "Engineering",
    }


async def test_customer_admins_see_their_organizations_users(api: Api, world: World) -> None:
    expected = {"ca-owner@example.com", "ca-admin@example.com", "ca-member@example.com"}

    assert await names(api, world.tokens["ca-admin"], USERS, "users") == expected


async def test_a_reseller_sees_the_users_of_its_subtree(api: Api, world: World) -> None:
    expected = {
        f"{person}@example.com"
        for person in ("ra-owner", "ra-member", "sub-owner", "ca-owner", "ca-admin", "ca-member")
    } | {"cs-owner@example.com"}

    assert await names(api, world.tokens["ra-owner"], USERS, "users") == expected


async def _note(world: World, about: str, author: str, text: str, age_minutes: int) -> None:
    membership = await Membership.get(user=world.users[author])
    note = await Note.create(
        organization=world.orgs[about],
        author=world.users[author],
        author_organization_id=membership.organization_id,
        text=text,
    )
    await Note.filter(id=note.id).update(created_at=now() - timedelta(minutes=age_minutes))


async def test_notes_follow_their_authors_owner_chain(api: Api, world: World) -> None:
    await _note(world, "cust-a", "admin", "by the platform", age_minutes=5)
    await _note(world, "cust-a", "ra-owner", "by the reseller", age_minutes=10)
    variables = {"id": world.gid("cust-a")}

    as_admin = (await api.data(NOTES, variables, world.tokens["admin"]))["organization"]
    as_reseller = (await api.data(NOTES, variables, world.tokens["ra-owner"]))["organization"]

    assert [e["node"]["text"] for e in as_admin["notes"]["edges"]] == [
        "by the platform",
        "by the reseller",
    ]
    assert as_admin["latestNote"] == {"text": "by the platform"}
    assert [e["node"]["text"] for e in as_reseller["notes"]["edges"]] == ["by the reseller"]
    assert as_reseller["latestNote"] == {"text": "by the reseller"}


@pytest.mark.parametrize(("person", "about"), [("ca-owner", "cust-a"), ("ra-owner", "reseller-a")])
async def test_nobody_reads_notes_about_itself(
    api: Api, world: World, person: str, about: str
) -> None:
    await _note(world, about, "admin", "private", age_minutes=1)

    body = await api(NOTES, {"id": world.gid(about)}, world.tokens[person])

    assert body["data"]["organization"] == {"name": about, "latestNote": None, "notes": None}
    assert sorted(error_codes(body)) == ["FORBIDDEN", "FORBIDDEN"]


async def test_login_activity_is_for_org_admins_and_the_owner_chain(api: Api, world: World) -> None:
    target = {"id": to_global_id("User", world.users["ca-member"].id)}
    allowed = ["admin", "support", "ra-owner", "ra-member", "ca-owner", "ca-admin"]

    for person in allowed:
        data = await api.data(LOGIN_ACTIVITY, target, world.tokens[person])
        assert data["node"]["lastLoginIp"] == "198.51.100.4", person
        assert data["node"]["failedLoginCount"] == 0, person

    own = await api(LOGIN_ACTIVITY, target, world.tokens["ca-member"])
    assert own["data"]["node"]["email"] == "ca-member@example.com"
    assert own["data"]["node"]["lastLoginAt"] is None
    assert error_codes(own) == ["FORBIDDEN"] * 3


async def test_reseller_staff_do_not_see_colleagues_login_activity_unless_admins(
    api: Api, world: World
) -> None:
    colleague = {"id": to_global_id("User", world.users["ra-owner"].id)}

    as_member = await api(LOGIN_ACTIVITY, colleague, world.tokens["ra-member"])
    as_parent = await api.data(LOGIN_ACTIVITY, colleague, world.tokens["admin"])

    assert as_member["data"]["node"]["lastLoginIp"] is None
    assert "FORBIDDEN" in error_codes(as_member)
    assert as_parent["node"]["failedLoginCount"] == 0


async def test_audit_log_scope(api: Api, world: World) -> None:
    for name, org in world.orgs.items():
        await AuditEvent.create(
            action="test.event",
            organization=org,
            organization_path=org.path,
            target_type="Organization",
            target_id=org.id,
            target_name=name,
        )

    async def seen(person: str) -> set[str]:
        data = (await api.data(AUDIT, token=world.tokens[person]))["auditEvents"]
        return {edge["node"]["targetName"] for edge in data["edges"]}

    assert await seen("admin") == set(world.orgs)
    assert await seen("ra-member") == {"reseller-a", "sub-a", "cust-a", "cust-sub"}
    assert await seen("ca-admin") == {"cust-a"}
    member = await api(AUDIT, token=world.tokens["ca-member"])
    assert member["data"] is None
    assert error_codes(member) == ["FORBIDDEN"]
