"""An input with several invalid fields is refused with a userError for each of them (its
field path and code), not only the first, and nothing is written."""

from __future__ import annotations

from typing import Any

from gql.schema.relay import to_global_id
from models import AuditEvent, Department, Organization, SecurityPolicy, User
from models.enums import OrganizationKind, Role
from tests import factories
from tests.api import Api

CREATE_CUSTOMER = """
mutation ($input: CreateOrganizationInput!) { createCustomer(input: $input) {
  organization { id } userErrors { field code message } } }
"""
UPDATE_ORGANIZATION = """
mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  organization { name } userErrors { field code } } }
"""
CREATE_USER = """
mutation ($input: CreateUserInput!) { createUser(input: $input) {
  user { id } userErrors { field code } } }
"""
CREATE_DEPARTMENT = """
mutation ($input: CreateDepartmentInput!) { createDepartment(input: $input) {
  department { id } userErrors { field code } } }
"""
UPDATE_POLICY = """
mutation ($input: UpdateSecurityPolicyInput!) { updateSecurityPolicy(input: $input) {
  userErrors { field code } } }
"""


async def admin_and_customer() -> tuple[str, Organization]:
    master = await factories.master()
    customer = await factories.organization(OrganizationKind.CUSTOMER, master, name="Acme")
    admin, membership = await factories.member(master, "admin@example.com", Role.OWNER)
    return await factories.session_for(admin, membership), customer


def fields_and_codes(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def test_create_customer_reports_every_invalid_field(api: Api) -> None:
    token, _ = await admin_and_customer()
    before = (await Organization.all().count(), await User.all().count())
    bad = {
        "name": "   ",
        "company": "x" * 201,
        "contact": {"email": "not-an-email", "country": "Utopia", "city": "Paris"},
        "owner": {"email": "nobody", "firstName": "A\u0007"},
        "idempotencyKey": "",
    }

    data = await api.data(CREATE_CUSTOMER, {"input": bad}, token)

    payload = data["createCustomer"]
    assert payload["organization"] is None
    assert sorted(fields_and_codes(payload)) == sorted(
        [
            (["input", "idempotencyKey"], "INVALID"),
            (["input", "name"], "INVALID"),
            (["input", "company"], "INVALID"),
            (["input", "contact", "email"], "INVALID"),
            (["input", "contact", "country"], "INVALID"),
            (["input", "owner", "firstName"], "INVALID"),
            (["input", "owner", "email"], "INVALID"),
        ]
    )
    assert all(error["message"] for error in payload["userErrors"])
    assert (await Organization.all().count(), await User.all().count()) == before
    assert await AuditEvent.all().count() == 0


async def test_one_invalid_field_is_still_reported_alone(api: Api) -> None:
    token, _ = await admin_and_customer()

    data = await api.data(
        CREATE_CUSTOMER, {"input": {"name": "Fine", "owner": {"email": "nobody"}}}, token
    )

    assert fields_and_codes(data["createCustomer"]) == [(["input", "owner", "email"], "INVALID")]


async def test_update_organization_reports_every_invalid_field(api: Api) -> None:
    token, customer = await admin_and_customer()
    changes = {
        "id": to_global_id("Organization", customer.id),
        "name": "",
        "contact": {"phone": "1" * 41, "postalCode": "9" * 21},
    }

    data = await api.data(UPDATE_ORGANIZATION, {"input": changes}, token)

    assert sorted(fields_and_codes(data["updateOrganization"])) == [
        (["input", "contact", "phone"], "INVALID"),
        (["input", "contact", "postalCode"], "INVALID"),
        (["input", "name"], "INVALID"),
    ]
    assert (await Organization.get(id=customer.id)).name == "Acme"


async def test_create_user_reports_every_invalid_field(api: Api) -> None:
    token, customer = await admin_and_customer()
    users_before = await User.all().count()
    bad = {
        "organizationId": to_global_id("Organization", customer.id),
        "email": "no-at-sign",
        "lastName": "x" * 101,
        "language": "not a language",
    }

    data = await api.data(CREATE_USER, {"input": bad}, token)

    assert sorted(fields_and_codes(data["createUser"])) == [
        (["input", "email"], "INVALID"),
        (["input", "language"], "INVALID"),
        (["input", "lastName"], "INVALID"),
    ]
    assert await User.all().count() == users_before


async def test_create_department_reports_every_invalid_field(api: Api) -> None:
    token, customer = await admin_and_customer()
    bad = {
        "organizationId": to_global_id("Organization", customer.id),
        "name": "",
        "branding": {"primaryColor": "red", "logoUrl": "http://plain.example/logo.png"},
        "settings": {"timezone": "Mars/Olympus"},
        "security": {"allowedIpRanges": ["10.0.0.1/8"]},
    }

    data = await api.data(CREATE_DEPARTMENT, {"input": bad}, token)

    assert sorted(fields_and_codes(data["createDepartment"])) == [
        (["input", "branding", "logoUrl"], "INVALID"),
        (["input", "branding", "primaryColor"], "INVALID"),
        (["input", "name"], "INVALID"),
        (["input", "security", "allowedIpRanges", "0"], "INVALID"),
        (["input", "settings", "timezone"], "INVALID"),
    ]
    assert await Department.all().count() == 0


async def test_update_security_policy_reports_every_invalid_field(api: Api) -> None:
    token, customer = await admin_and_customer()
    bad = {
        "organizationId": to_global_id("Organization", customer.id),
        "minPasswordLength": 3,
        "sessionLifetimeMinutes": 1,
        "allowedIpRanges": ["not a range"],
    }

    data = await api.data(UPDATE_POLICY, {"input": bad}, token)

    assert sorted(fields_and_codes(data["updateSecurityPolicy"])) == [
        (["input", "allowedIpRanges", "0"], "INVALID"),
        (["input", "minPasswordLength"], "INVALID"),
        (["input", "sessionLifetimeMinutes"], "INVALID"),
    ]
    assert await SecurityPolicy.all().count() == 0
