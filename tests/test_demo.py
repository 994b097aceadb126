"""The demo hierarchy: what it promises in the README, and that each role can log in."""

from __future__ import annotations

import dataclasses

import pytest

from domain.demo import ADMIN_EMAIL, DEMO_DOMAIN, DEMO_PASSWORD, load_demo
from gql.schema.relay import to_global_id
from models import Department, Membership, Note, Organization, OutboxEmail, Service
from models.enums import OrganizationKind, OrganizationStatus, Role
from settings import Settings
from tests.api import Api

COUNT = "{ viewer { role organization { name } } organizations(first: 1) { totalCount } }"


async def test_demo_builds_the_documented_hierarchy(settings: Settings) -> None:
    result = await load_demo(settings)

    assert result.created
    kinds = [org.kind for org in await Organization.all()]
    assert kinds.count(OrganizationKind.MASTER) == 1
    assert kinds.count(OrganizationKind.RESELLER) == 3
    assert kinds.count(OrganizationKind.CUSTOMER) == 12
    sub_reseller = await Organization.get(name="Bluebird Agency Partners")
    parent = await Organization.get(name="Bluebird Web")
    assert sub_reseller.owner_id == parent.id
    assert sub_reseller.path.startswith(parent.path)
    statuses = {org.status for org in await Organization.filter(kind=OrganizationKind.CUSTOMER)}
    assert statuses == {
        OrganizationStatus.ACTIVE,
        OrganizationStatus.SUSPENDED,
        OrganizationStatus.PENDING,
    }
    roles = {m.role for m in await Membership.filter(organization__kind=OrganizationKind.CUSTOMER)}
    assert roles == {Role.OWNER, Role.ADMIN, Role.MEMBER}
    assert await Department.all().count() >= 4
    assert await Service.all().count() >= 20
    assert await Note.all().count() == 12
    acme = await Organization.get(name="Acme Bakery")
    assert acme.external_id == "billing-acmebakery"
    assert acme.metadata == {"billing.plan": "business", "billing.cycle": "monthly"}


async def test_demo_loads_only_into_an_empty_database(settings: Settings) -> None:
    await load_demo(settings)
    before = await Organization.all().count()

    again = await load_demo(settings)

    assert not again.created
    assert await Organization.all().count() == before


async def test_demo_refuses_production(settings: Settings) -> None:
    with pytest.raises(RuntimeError, match="development only"):
        await load_demo(dataclasses.replace(settings, env="production"))
    assert await Organization.all().count() == 0


@pytest.mark.parametrize(
    ("email", "role", "organization", "visible"),
    [
        (ADMIN_EMAIL, "OWNER", "Tenantry Hosting", 16),
        (f"support@{DEMO_DOMAIN}", "MEMBER", "Tenantry Hosting", 16),
        (f"northwind@{DEMO_DOMAIN}", "OWNER", "Northwind Hosting", 5),
        (f"bluebird@{DEMO_DOMAIN}", "OWNER", "Bluebird Web", 6),
        (f"agency@{DEMO_DOMAIN}", "OWNER", "Bluebird Agency Partners", 3),
        (f"hooligardensupplies-admin@{DEMO_DOMAIN}", "ADMIN", "Hooli Garden Supplies", 1),
        (f"acmebakery-member@{DEMO_DOMAIN}", "MEMBER", "Acme Bakery", 1),
    ],
)
async def test_every_demo_role_can_log_in(
    api: Api, settings: Settings, email: str, role: str, organization: str, visible: int
) -> None:
    await load_demo(settings)

    token = await api.login(email, DEMO_PASSWORD)

    data = await api.data(COUNT, token=token)
    assert data["viewer"] == {"role": role, "organization": {"name": organization}}
    assert data["organizations"]["totalCount"] == visible


DEMO_SERVICES = """
query ($filter: ServiceFilter) {
  services(first: 100, filter: $filter) { edges { node { name domain organization { name } } } }
}
"""


async def test_the_demo_shows_services_following_their_organizations(
    api: Api, settings: Settings
) -> None:
    await load_demo(settings)
    token = await api.login(ADMIN_EMAIL, DEMO_PASSWORD)

    async def owners(status: str) -> set[tuple[str, str]]:
        filter = {"effectiveStatus": status}
        data = await api.data(DEMO_SERVICES, {"filter": filter}, token)
        return {
            (e["node"]["organization"]["name"], e["node"]["name"])
            for e in data["services"]["edges"]
        }

    assert {org for org, _ in await owners("SUSPENDED")} == {"Initech Software", "Vandelay Imports"}
    assert {org for org, _ in await owners("RECEIVE_ONLY")} == {"Initech Software"}
    assert await owners("DISABLED") == {("Hooli Garden Supplies", "hooligardensupplies-database-2")}
    # Every website and zone has a domain of its own.
    domains = await api.data(DEMO_SERVICES, {"filter": {"domain": ".example"}}, token)
    assert (
        len(domains["services"]["edges"])
        == await Service.filter(kind__in=["WEBSITE", "DNS_ZONE"]).count()
    )


async def test_northwind_welcomes_its_customers_new_logins_in_its_own_words(
    api: Api, settings: Settings
) -> None:
    await load_demo(settings)
    token = await api.login(f"northwind@{DEMO_DOMAIN}", DEMO_PASSWORD)
    stark = await Organization.get(name="Stark Plumbing")
    create = """
    mutation ($input: CreateUserInput!) { createUser(input: $input) { userErrors { code } } }
    """
    variables = {
        "input": {
            "organizationId": to_global_id("Organization", stark.id),
            "email": "apprentice@example.com",
            "credentials": "EMAIL_SET_PASSWORD_LINK",
        }
    }

    data = await api.data(create, variables, token)

    assert data["createUser"]["userErrors"] == []
    email = await OutboxEmail.get(kind="welcome", to_address="apprentice@example.com")
    assert email.subject == "Welcome to Stark Plumbing on Northwind Hosting"
    assert "/reset-password?token=" in email.body
