"""A small, realistic hierarchy for trying Tenantry out (`tenantry demo`).

Every demo login uses DEMO_PASSWORD. The loader refuses to run in production and does
nothing when the database already holds organizations besides the Master.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from tortoise.timezone import now
from tortoise.transactions import in_transaction

from domain.bootstrap import bootstrap
from domain.hierarchy.organizations import new_organization
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.provisioning import domains
from domain.security.passwords import hash_password
from models import (
    Department,
    EmailTemplate,
    Membership,
    Note,
    Organization,
    OrganizationSettings,
    Plan,
    SecurityPolicy,
    Service,
    User,
)
from models.enums import (
    AttachmentPolicy,
    ContactsVisibility,
    EmailTemplateKind,
    OrganizationKind,
    OrganizationStatus,
    Role,
    ServiceKind,
    ServiceStatus,
)
from settings import Settings

DEMO_PASSWORD = "tenantry-demo"  # noqa: S105 - a documented demo login, refused in production
DEMO_DOMAIN = "demo.tenantry.test"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
TWO_FACTOR_CUSTOMER = "Stark Plumbing"


@dataclass
class DemoLogin:
    email: str
    role: str
    organization: str


@dataclass
class DemoResult:
    created: bool
    logins: list[DemoLogin] = field(default_factory=list)


# (name, owner key, status, services per kind, staff beyond the owner)
_CUSTOMERS: list[tuple[str, str, OrganizationStatus, dict[ServiceKind, int], list[Role]]] = [
    ("Acme Bakery", "master", OrganizationStatus.ACTIVE, {ServiceKind.WEBSITE: 2}, [Role.MEMBER]),
    ("Globex Consulting", "master", OrganizationStatus.ACTIVE, {ServiceKind.DATABASE: 1}, []),
    (
        "Initech Software",
        "master",
        OrganizationStatus.SUSPENDED,
        {ServiceKind.WEBSITE: 1, ServiceKind.MAILBOX: 3},
        [],
    ),
    ("Umbrella Labs", "master", OrganizationStatus.PENDING, {ServiceKind.WEBSITE: 1}, []),
    (
        "Hooli Garden Supplies",
        "northwind",
        OrganizationStatus.ACTIVE,
        {ServiceKind.WEBSITE: 3, ServiceKind.DATABASE: 2, ServiceKind.MAILBOX: 5},
        [Role.ADMIN, Role.MEMBER],
    ),
    ("Stark Plumbing", "northwind", OrganizationStatus.ACTIVE, {ServiceKind.WEBSITE: 1}, []),
    ("Wayne Florists", "northwind", OrganizationStatus.ACTIVE, {ServiceKind.DNS_ZONE: 2}, []),
    ("Vandelay Imports", "northwind", OrganizationStatus.SUSPENDED, {ServiceKind.WEBSITE: 1}, []),
    (
        "Bluth Bananas",
        "bluebird",
        OrganizationStatus.ACTIVE,
        {ServiceKind.WEBSITE: 1, ServiceKind.BACKUP: 2},
        [Role.MEMBER],
    ),
    ("Dunder Paper", "bluebird", OrganizationStatus.ACTIVE, {ServiceKind.FTP_ACCOUNT: 1}, []),
    ("Pied Piper Cafe", "agency", OrganizationStatus.ACTIVE, {ServiceKind.WEBSITE: 1}, []),
    ("Soylent Foods", "agency", OrganizationStatus.ACTIVE, {ServiceKind.MAILBOX: 2}, []),
]

CUSTOMERS = len(_CUSTOMERS)


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:20]


class _Loader:
    def __init__(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self.logins: list[DemoLogin] = []

    async def login(
        self, organization: Organization, role: Role, local: str, first: str, last: str
    ) -> User:
        email = f"{local}@{DEMO_DOMAIN}"
        user = await User.create(
            email=email, password_hash=self.password_hash, first_name=first, last_name=last
        )
        rights = ALL_ACCESS_RIGHTS if role != Role.MEMBER else ("websites", "email")
        await Membership.create(
            user=user, organization=organization, role=role, access_rights=list(rights)
        )
        self.logins.append(DemoLogin(email=email, role=role.value, organization=organization.name))
        return user

    async def plan(self, owner: Organization, name: str, websites: int | None) -> Plan:
        return await Plan.create(
            owner=owner,
            name=name,
            website_quota=websites,
            database_quota=None if websites is None else websites * 2,
            mailbox_quota=None if websites is None else websites * 10,
            ftp_account_quota=5,
            dns_zone_quota=None if websites is None else websites,
            backup_quota=10,
            disk_quota_mb=None if websites is None else websites * 5_000,
            enabled_kinds=[kind.value for kind in ServiceKind],
        )

    async def reseller(
        self, name: str, owner: Organization, plan: Plan, local: str
    ) -> Organization:
        reseller = await new_organization(
            OrganizationKind.RESELLER,
            name,
            owner,
            company=f"{name} Ltd",
            contact_email=f"{local}@{DEMO_DOMAIN}",
            country="GB",
            plan_id=plan.id,
        )
        await self.login(reseller, Role.OWNER, local, "Reseller", name.split()[0])
        return reseller


async def demo_admin_exists() -> bool:
    return await User.filter(email=ADMIN_EMAIL).exists()


async def load_demo(
    settings: Settings, on_customer: Callable[[int], object] = lambda done: None
) -> DemoResult:
    """Load the demo hierarchy unless organizations other than the Master exist;
    `on_customer(1)` is called as each of the CUSTOMERS customers is loaded."""
    if settings.production:
        raise RuntimeError("the demo data is for development only (TENANTRY_ENV=production)")
    if await Organization.exclude(kind=OrganizationKind.MASTER).exists():
        return DemoResult(created=False)
    master = (
        await bootstrap(ADMIN_EMAIL, DEMO_PASSWORD, settings=settings, name="Tenantry Hosting")
    ).organization
    loader = _Loader(await hash_password(DEMO_PASSWORD, settings.bcrypt_rounds))
    async with in_transaction("default"):
        if not await Membership.filter(organization=master, user__email=ADMIN_EMAIL).exists():
            await loader.login(master, Role.OWNER, "admin", "Ada", "Admin")
        else:
            loader.logins.append(DemoLogin(ADMIN_EMAIL, Role.OWNER.value, master.name))
        await loader.login(master, Role.ADMIN, "ops", "Oscar", "Operations")
        await loader.login(master, Role.MEMBER, "support", "Sam", "Support")
        business = await loader.plan(master, "Business", 10)
        reseller_plan = await loader.plan(master, "Reseller Pro", None)
        owners = {
            "master": master,
            "northwind": await loader.reseller(
                "Northwind Hosting", master, reseller_plan, "northwind"
            ),
            "bluebird": await loader.reseller("Bluebird Web", master, reseller_plan, "bluebird"),
        }
        owners["agency"] = await loader.reseller(
            "Bluebird Agency Partners", owners["bluebird"], reseller_plan, "agency"
        )
        await loader.login(owners["northwind"], Role.MEMBER, "northwind-support", "Nia", "Help")
        await _load_settings(master, owners["northwind"])
        for name, owner_key, status, services, staff in _CUSTOMERS:
            await _load_customer(loader, owners[owner_key], business, name, status, services, staff)
            on_customer(1)
        # One customer whose policy requires two-factor: its login is asked to enroll.
        stark = await Organization.get(name=TWO_FACTOR_CUSTOMER)
        await SecurityPolicy.create(organization=stark, require_two_factor=True)
        # One customer with its own quota beside its plan's (setQuotaOverrides, WHM editquota).
        await Organization.filter(name="Hooli Garden Supplies").update(
            quota_overrides={"website_quota": 15}
        )
        await _notification_examples(owners["northwind"])
    return DemoResult(created=True, logins=loader.logins)


async def _notification_examples(reseller: Organization) -> None:
    """An account with an expiry date, and a reseller's own wording of the suspension and
    welcome emails (docs/notifications.md)."""
    await Organization.filter(owner=reseller, name="Stark Plumbing").update(
        expires_at=now() + timedelta(days=90)
    )
    await EmailTemplate.create(
        organization=reseller,
        kind=EmailTemplateKind.SUSPENDED,
        subject="Northwind Hosting: {organization_name} is paused",
        body="Hello {organization_name},\n\nyour hosting was paused on {suspended_at}: "
        "{reason}.\nReply to this email and we will sort it out.\n\nNorthwind Hosting\n",
    )
    # Its customers' new logins are welcomed in its words too (docs/credentials.md).
    await EmailTemplate.create(
        organization=reseller,
        kind=EmailTemplateKind.WELCOME,
        subject="Welcome to {organization_name} on Northwind Hosting",
        body="Hello {email},\n\nchoose your password here before {link_expires_at}:\n"
        "{link}\n{password_note}\nNorthwind Hosting\n",
    )


async def _load_settings(master: Organization, reseller: Organization) -> None:
    """Panel settings at the top of the tree, inherited by everything below: the platform's
    footer and time zone, and one reseller's own branding (its customers show it)."""
    await OrganizationSettings.create(
        organization=master,
        footer="Hosted by Tenantry Hosting",
        timezone="Europe/London",
        max_attachment_mb=25,
    )
    await OrganizationSettings.create(
        organization=reseller,
        primary_color="#0b5394",
        logo_url=f"https://{DEMO_DOMAIN}/northwind/logo.svg",
        footer="Northwind Hosting, your web partner",
        message_disclaimer="This message was sent through Northwind Hosting.",
    )


def _service_name(slug: str, kind: ServiceKind, number: int) -> tuple[str, str | None]:
    """(name, domain): websites and zones are named by a domain of the customer's own, as
    the platform keeps each domain unique."""
    if domains.carries_domain(kind):
        name = f"{slug}.example" if number == 1 else f"{slug}-{number}.example"
        return name, domains.normalize(name, ["name"])
    return f"{slug}-{kind.value.lower()}-{number}", None


async def _load_customer(
    loader: _Loader,
    owner: Organization,
    plan: Plan,
    name: str,
    status: OrganizationStatus,
    services: dict[ServiceKind, int],
    staff: list[Role],
) -> None:
    slug = _slug(name)
    customer = await new_organization(
        OrganizationKind.CUSTOMER,
        name,
        owner,
        status=status,
        company=f"{name} Inc.",
        contact_email=f"{slug}@{DEMO_DOMAIN}",
        contact_phone="+44 20 7946 0000",
        city="London",
        country="GB",
        plan_id=plan.id,
        suspension_reason="Unpaid invoice" if status == OrganizationStatus.SUSPENDED else None,
        # Suspended by its own provider, who may lift it (docs/authority.md: levels).
        suspended_by_depth=owner.depth if status == OrganizationStatus.SUSPENDED else None,
        # What its seller's billing system knows it by (docs/integrations.md).
        external_id=f"billing-{slug}",
        metadata={"billing.plan": plan.name.lower(), "billing.cycle": "monthly"},
    )
    await loader.login(customer, Role.OWNER, slug, name.split()[0], "Owner")
    departments = []
    if staff:
        # The customer's own settings; Marketing overrides some (looser is allowed too).
        await OrganizationSettings.create(
            organization=customer,
            language="en-GB",
            attachments_policy=AttachmentPolicy.BLOCK_EXECUTABLES,
            contacts_may_share=False,
        )
        # Every tab of a department shows something: branding, settings, contacts.
        departments = [
            await Department.create(
                organization=customer,
                name="Marketing",
                timezone="UTC",
                primary_color="#c2185b",
                footer=f"{name} Marketing",
                images={"banner": f"https://{DEMO_DOMAIN}/{slug}/marketing-banner.png"},
                attachments_policy=AttachmentPolicy.ALLOW,
                max_attachment_mb=50,
                message_disclaimer="Marketing material: please do not forward.",
                contacts_may_share=True,
            ),
            await Department.create(
                organization=customer,
                name="Engineering",
                timezone="UTC",
                language="de",
                bounce_processing=False,
                contacts_visibility=ContactsVisibility.DEPARTMENT,
                contacts_may_edit_own=False,
            ),
        ]
    for index, role in enumerate(staff):
        user = await loader.login(
            customer, role, f"{slug}-{role.value.lower()}", role.value.title(), name.split()[0]
        )
        user.department = departments[index % len(departments)]
        user.properties = {"jobTitle": role.value.title(), "phone": f"+44 20 7946 01{index:02d}"}
        if index == 0:  # one login with a disclaimer of its own, over its department's
            user.message_disclaimer = f"{user.first_name} at {name}"
        await user.save(update_fields=["department_id", "properties", "message_disclaimer"])
    for kind, count in services.items():
        for number in range(1, count + 1):
            name, domain = _service_name(slug, kind, number)
            # The second database is switched off: its effectiveStatus reads DISABLED.
            disabled = kind == ServiceKind.DATABASE and number == 2
            await Service.create(
                organization=customer,
                kind=kind,
                name=name,
                domain=domain,
                status=ServiceStatus.DISABLED if disabled else ServiceStatus.ACTIVE,
            )
    author = await Membership.filter(organization=owner, role=Role.OWNER).first()
    if author is not None:
        await Note.create(
            organization=customer,
            author_id=author.user_id,
            author_organization=owner,
            text=f"Signed up through {owner.name}; prefers contact by email.",
        )
