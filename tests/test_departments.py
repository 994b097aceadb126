"""Departments: create, change, delete, with every field validated."""

from __future__ import annotations

from typing import Any

import pytest

from gql.schema.relay import to_global_id
from models import AuditEvent, Department, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

FIELDS = """
department {
  id name description
  branding { primaryColor logoUrl footer }
  settings { language timezone }
  security { allowedIpRanges }
}
userErrors { field code message }
"""
CREATE = (
    "mutation ($input: CreateDepartmentInput!) { createDepartment(input: $input) { "
    + FIELDS
    + " } }"
)
UPDATE = (
    "mutation ($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { "
    + FIELDS
    + " } }"
)
DELETE = """
mutation ($id: ID!) {
  deleteDepartment(input: {id: $id}) { deletedDepartmentId userErrors { code } }
}
"""


@pytest.fixture
async def office() -> dict[str, Any]:
    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Reseller")
    customer = await factories.organization(OrganizationKind.CUSTOMER, reseller, name="Customer")
    foreign = await factories.organization(OrganizationKind.CUSTOMER, master, name="Foreign")
    tokens = {}
    for person, org, role in [
        ("reseller", reseller, Role.ADMIN),
        ("admin", customer, Role.ADMIN),
        ("member", customer, Role.MEMBER),
    ]:
        _, tokens[person] = await factories.quick_member(org, f"{person}@example.com", role)
    return {"customer": customer, "foreign": foreign, "reseller": reseller, "tokens": tokens}


async def create(
    api: Api, office: dict[str, Any], person: str = "admin", **fields: Any
) -> dict[str, Any]:
    payload = {
        "organizationId": to_global_id("Organization", office["customer"].id),
        "name": "Sales",
        **fields,
    }
    data = await api.data(CREATE, {"input": payload}, office["tokens"][person])
    result: dict[str, Any] = data["createDepartment"]
    return result


async def test_create_with_every_field(api: Api, office: dict[str, Any]) -> None:
    result = await create(
        api,
        office,
        description="Field sales",
        branding={
            "primaryColor": "#1A73E8",
            "logoUrl": "https://cdn.example.com/logo.png",
            "footer": "Acme",
        },
        settings={"language": "pt-BR", "timezone": "Europe/Berlin"},
        security={"allowedIpRanges": ["203.0.113.0/24", "2001:db8::/32"]},
    )

    assert result["userErrors"] == []
    department = result["department"]
    assert department["branding"] == {
        "primaryColor": "#1a73e8",
        "logoUrl": "https://cdn.example.com/logo.png",
        "footer": "Acme",
    }
    assert department["settings"] == {"language": "pt-BR", "timezone": "Europe/Berlin"}
    assert department["security"] == {"allowedIpRanges": ["203.0.113.0/24", "2001:db8::/32"]}
    assert await AuditEvent.filter(action="department.create").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, ["input", "name"]),
        ({"branding": {"primaryColor": "blue"}}, ["input", "branding", "primaryColor"]),
        ({"branding": {"primaryColor": "#12345"}}, ["input", "branding", "primaryColor"]),
        (
            {"branding": {"logoUrl": "http://example.com/logo.png"}},
            ["input", "branding", "logoUrl"],
        ),
        ({"branding": {"logoUrl": "javascript:alert(1)"}}, ["input", "branding", "logoUrl"]),
        ({"settings": {"timezone": "Mars/Olympus"}}, ["input", "settings", "timezone"]),
        ({"settings": {"language": "english!"}}, ["input", "settings", "language"]),
        (
            {"security": {"allowedIpRanges": ["10.0.0.0/8", "10.0.0.1/8"]}},
            ["input", "security", "allowedIpRanges", "1"],
        ),
        (
            {"security": {"allowedIpRanges": ["2001:db8::/129"]}},
            ["input", "security", "allowedIpRanges", "0"],
        ),
        (
            {"security": {"allowedIpRanges": ["not an address"]}},
            ["input", "security", "allowedIpRanges", "0"],
        ),
    ],
)
async def test_invalid_fields_are_refused_naming_the_field(
    api: Api, office: dict[str, Any], fields: dict[str, Any], field: list[str]
) -> None:
    result = await create(api, office, **fields)

    assert result["department"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [("INVALID", field)]
    assert await Department.all().count() == 0


async def test_names_are_unique_per_customer(api: Api, office: dict[str, Any]) -> None:
    await create(api, office)

    again = await create(api, office)

    assert again["userErrors"][0]["code"] == "INVALID"
    assert await Department.all().count() == 1


@pytest.mark.parametrize(
    ("person", "target", "code"),
    [
        ("reseller", "customer", None),
        ("member", "customer", "FORBIDDEN"),
        ("admin", "foreign", "NOT_FOUND"),
    ],
)
async def test_who_may_create(
    api: Api, office: dict[str, Any], person: str, target: str, code: str | None
) -> None:
    org = to_global_id("Organization", office[target].id)
    data = await api.data(
        CREATE, {"input": {"organizationId": org, "name": "Ops"}}, office["tokens"][person]
    )

    assert [e["code"] for e in data["createDepartment"]["userErrors"]] == ([code] if code else [])


async def test_update_changes_only_what_is_given_and_null_clears(
    api: Api, office: dict[str, Any]
) -> None:
    created = await create(
        api,
        office,
        branding={"primaryColor": "#000000", "footer": "Old"},
        settings={"timezone": "UTC"},
    )
    department_id = created["department"]["id"]

    data = await api.data(
        UPDATE,
        {
            "input": {
                "id": department_id,
                "branding": {"primaryColor": None},
                "settings": {"language": "de"},
            }
        },
        office["tokens"]["admin"],
    )

    department = data["updateDepartment"]["department"]
    assert department["name"] == "Sales"
    assert department["branding"] == {"primaryColor": None, "logoUrl": None, "footer": "Old"}
    assert department["settings"] == {"language": "de", "timezone": "UTC"}


async def test_delete_keeps_its_users(api: Api, office: dict[str, Any]) -> None:
    created = await create(api, office)
    department = await Department.get(name="Sales")
    user = await User.get(email="member@example.com")
    user.department = department
    await user.save()

    data = await api.data(DELETE, {"id": created["department"]["id"]}, office["tokens"]["admin"])

    assert data["deleteDepartment"]["userErrors"] == []
    await user.refresh_from_db()
    assert user.department_id is None
    assert await Department.all().count() == 0


async def test_a_departments_ip_ranges_narrow_its_organizations_policy(
    api: Api, office: dict[str, Any]
) -> None:
    from models import SecurityPolicy

    await SecurityPolicy.create(organization=office["customer"], allowed_ip_ranges=["10.0.0.0/8"])

    outside = await create(api, office, security={"allowedIpRanges": ["192.168.0.0/16"]})
    inside = await create(api, office, security={"allowedIpRanges": ["10.1.0.0/16"]})
    query = """
    query ($id: ID!) { node(id: $id) { ... on Department {
      effectiveSecurityPolicy { allowedIpRanges minPasswordLength } } } }
    """
    policy = await api.data(query, {"id": inside["department"]["id"]}, office["tokens"]["admin"])

    assert outside["userErrors"][0]["field"] == ["input", "security", "allowedIpRanges"]
    assert inside["userErrors"] == []
    assert policy["node"]["effectiveSecurityPolicy"] == {
        "allowedIpRanges": ["10.1.0.0/16"],
        "minPasswordLength": 8,
    }
