"""createUser, updateUser, deleteUser: who may, what is checked, the last OWNER kept."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import Membership, OutboxEmail, SessionToken, User
from models.enums import OrganizationKind, Role, UserStatus
from tests import factories
from tests.api import Api, error_codes

CREATE = """
mutation ($input: CreateUserInput!) {
  createUser(input: $input) { user { id email } generatedPassword userErrors { field code } }
}
"""
UPDATE = """
mutation ($input: UpdateUserInput!) {
  updateUser(input: $input) {
    user { email firstName status department { name } memberships { role accessRights } }
    userErrors { field code }
  }
}
"""
DELETE = """
mutation ($input: DeleteUserInput!) {
  deleteUser(input: $input) { deletedUserId userErrors { code } }
}
"""


@pytest.fixture
async def team() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, master, name="Foreign")
    people: dict[str, User] = {}
    tokens: dict[str, str] = {}
    for person, org, role in [
        ("reseller", reseller, Role.ADMIN),
        ("owner", customer, Role.OWNER),
        ("admin", customer, Role.ADMIN),
        ("member", customer, Role.MEMBER),
        ("stranger", foreign, Role.OWNER),
    ]:
        people[person], tokens[person] = await factories.quick_member(
            org, f"{person}@example.com", role
        )
    return {"customer": customer, "foreign": foreign, "people": people, "tokens": tokens}


def uid(user: User) -> str:
    return to_global_id("User", user.id)


async def create(api: Api, team: dict[str, Any], person: str, **fields: Any) -> dict[str, Any]:
    payload = {
        "organizationId": to_global_id("Organization", team["customer"].id),
        "email": "new@example.com",
        **fields,
    }
    data = await api.data(CREATE, {"input": payload}, team["tokens"][person])
    result: dict[str, Any] = data["createUser"]
    return result


async def test_create_user_with_a_generated_password(api: Api, team: dict[str, Any]) -> None:
    result = await create(api, team, "admin", firstName="Nia", accessRights=["websites", "dns"])

    assert result["userErrors"] == []
    password = result["generatedPassword"]
    assert await api.login("new@example.com", password)
    membership = await Membership.get(user__email="new@example.com")
    assert (membership.role, membership.access_rights) == (Role.MEMBER, ["dns", "websites"])
    assert await OutboxEmail.filter(to_address="new@example.com", kind="welcome").exists()


@pytest.mark.parametrize(
    ("person", "fields", "code", "field"),
    [
        ("member", {}, "FORBIDDEN", ["input", "organizationId"]),
        ("stranger", {}, "NOT_FOUND", ["input", "organizationId"]),
        ("admin", {"role": "OWNER"}, "FORBIDDEN", ["input", "role"]),
        ("admin", {"email": "Owner@Example.com"}, "EMAIL_TAKEN", ["input", "email"]),
        ("admin", {"email": "nope"}, "INVALID", ["input", "email"]),
        ("admin", {"password": "short"}, "WEAK_PASSWORD", ["input", "password"]),
        ("admin", {"accessRights": ["root"]}, "INVALID", ["input", "accessRights"]),
        ("admin", {"language": "english!"}, "INVALID", ["input", "language"]),
    ],
)
async def test_create_user_refusals(
    api: Api, team: dict[str, Any], person: str, fields: dict[str, Any], code: str, field: list[str]
) -> None:
    users_before = await User.all().count()

    result = await create(api, team, person, **fields)

    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [(code, field)]
    assert await User.all().count() == users_before


async def test_owners_and_the_owner_chain_appoint_owners(api: Api, team: dict[str, Any]) -> None:
    by_owner = await create(api, team, "owner", role="OWNER", email="co-owner@example.com")
    by_reseller = await create(api, team, "reseller", role="OWNER", email="other-owner@example.com")

    assert by_owner["userErrors"] == by_reseller["userErrors"] == []


async def test_a_member_edits_only_its_own_profile(api: Api, team: dict[str, Any]) -> None:
    member, admin = team["people"]["member"], team["people"]["admin"]
    token = team["tokens"]["member"]

    own = await api.data(UPDATE, {"input": {"id": uid(member), "firstName": "Mo"}}, token)
    own_role = await api.data(UPDATE, {"input": {"id": uid(member), "role": "ADMIN"}}, token)
    other = await api.data(UPDATE, {"input": {"id": uid(admin), "firstName": "X"}}, token)

    assert own["updateUser"]["user"]["firstName"] == "Mo"
    assert own_role["updateUser"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert other["updateUser"]["userErrors"][0]["code"] == "NOT_FOUND"  # not even visible


async def test_the_last_owner_cannot_be_demoted_or_removed(api: Api, team: dict[str, Any]) -> None:
    owner = team["people"]["owner"]
    token = team["tokens"]["reseller"]

    demoted = await api.data(UPDATE, {"input": {"id": uid(owner), "role": "ADMIN"}}, token)
    removed = await api.data(DELETE, {"input": {"id": uid(owner)}}, token)

    assert demoted["updateUser"]["userErrors"] == [
        {"field": ["input", "role"], "code": "INVALID_STATE"}
    ]
    assert removed["deleteUser"]["userErrors"] == [{"code": "INVALID_STATE"}]
    await create(api, team, "reseller", role="OWNER", email="second@example.com")
    again = await api.data(UPDATE, {"input": {"id": uid(owner), "role": "ADMIN"}}, token)
    assert again["updateUser"]["userErrors"] == []


async def test_disabling_ends_sessions_and_nobody_disables_themselves(
    api: Api, team: dict[str, Any]
) -> None:
    member, admin = team["people"]["member"], team["people"]["admin"]

    disabled = await api.data(
        UPDATE, {"input": {"id": uid(member), "status": "DISABLED"}}, team["tokens"]["admin"]
    )
    myself = await api.data(
        UPDATE, {"input": {"id": uid(admin), "status": "DISABLED"}}, team["tokens"]["admin"]
    )

    assert disabled["updateUser"]["user"]["status"] == "DISABLED"
    assert await SessionToken.filter(user=member).count() == 0
    assert error_codes(await api("{ viewer { role } }", token=team["tokens"]["member"])) == [
        "UNAUTHENTICATED"
    ]
    assert myself["updateUser"]["userErrors"] == [{"field": ["input", "status"], "code": "INVALID"}]
    assert (await User.get(id=admin.id)).status == UserStatus.ACTIVE


async def test_an_email_change_is_told_at_both_addresses(api: Api, team: dict[str, Any]) -> None:
    member = team["people"]["member"]

    data = await api.data(
        UPDATE,
        {"input": {"id": uid(member), "email": "New.Address@Example.com"}},
        team["tokens"]["admin"],
    )
    taken = await api.data(
        UPDATE,
        {"input": {"id": uid(member), "email": "owner@example.com"}},
        team["tokens"]["admin"],
    )

    assert data["updateUser"]["user"]["email"] == "new.address@example.com"
    told = {e.to_address for e in await OutboxEmail.filter(kind="email-changed")}
    assert told == {"member@example.com", "new.address@example.com"}
    assert taken["updateUser"]["userErrors"] == [
        {"field": ["input", "email"], "code": "EMAIL_TAKEN"}
    ]


async def test_role_rights_and_department(api: Api, team: dict[str, Any]) -> None:
    from models import Department

    await Department.create(organization=team["customer"], name="Ops")
    member = team["people"]["member"]
    department = to_global_id("Department", (await Department.get(name="Ops")).id)

    data = await api.data(
        UPDATE,
        {
            "input": {
                "id": uid(member),
                "role": "ADMIN",
                "accessRights": ["email"],
                "departmentId": department,
            }
        },
        team["tokens"]["admin"],
    )
    cleared = await api.data(
        UPDATE, {"input": {"id": uid(member), "departmentId": None}}, team["tokens"]["admin"]
    )

    user = data["updateUser"]["user"]
    assert user["memberships"] == [{"role": "ADMIN", "accessRights": ["email"]}]
    assert user["department"] == {"name": "Ops"}
    assert cleared["updateUser"]["user"]["department"] is None


async def test_removing_a_user_deletes_a_login_left_without_organizations(
    api: Api, team: dict[str, Any]
) -> None:
    member, admin = team["people"]["member"], team["people"]["admin"]
    await Membership.create(user=member, organization=team["foreign"], role=Role.MEMBER)

    shared = await api.data(DELETE, {"input": {"id": uid(member)}}, team["tokens"]["owner"])
    alone = await api.data(DELETE, {"input": {"id": uid(admin)}}, team["tokens"]["owner"])
    myself = await api.data(
        DELETE, {"input": {"id": uid(team["people"]["owner"])}}, team["tokens"]["owner"]
    )

    assert shared["deleteUser"]["userErrors"] == []
    assert await User.filter(id=member.id).exists()  # still a member of Foreign
    assert alone["deleteUser"]["userErrors"] == []
    assert not await User.filter(id=admin.id).exists()
    assert myself["deleteUser"]["userErrors"] == [{"code": "INVALID"}]
