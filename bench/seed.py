"""Deterministic bulk data for the read benchmark.

    python -m bench.seed [--postgres postgres://postgres@127.0.0.1:5432/tenantry_bench]
        [--seed 7] [--scale 1.0] [--manifest bench-manifest.json]

DROPS and recreates the named database (it is a scratch bench database), migrates it with
`database.migrate`, and loads it with COPY in foreign-key order, in one transaction: the
MASTER "Platform" and its administrator (as `tenantry bootstrap` makes them), 50 resellers
of which 10 have a sub-reseller, 10,000 customers (one reseller has ~3 % of them, 5 % sit
under the master; mostly ACTIVE, some SUSPENDED, PENDING or DELETED), 5,000 departments,
30,000 users with memberships (an OWNER per customer, some users in two customers), 50,000
services within their plans' quotas (websites and DNS zones named under their customer's own
domain, so each domain is once on the platform, as the API requires), 20,000 notes and
100,000 audit events. `--scale` multiplies every count. Everything, ids and timestamps
included, comes from `random.Random(seed)`: a seed always gives the same rows. Timestamps
lead up to ANCHOR; deleted customers' `purgeAfter` lies 23-30 days after it (until then the
retention sweep of `tenantry scheduler` leaves them alone). Every login's password is
PASSWORD. The load leaves the indexes no constraint needs (and the foreign-key checks, when
the role may) until every row is in: scale 10, three million rows, then takes minutes, not
tens of them.
Prints the elapsed time and row counts; `--manifest` writes the logins and ids other bench
code needs (see `Manifest`) as JSON. Bench code can call `await seed(url, seed=, scale=)`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import re
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import bcrypt
from tortoise.context import TortoiseContext

import database
from bench import seed_words as words
from domain.people.access import ALL_ACCESS_RIGHTS
from domain.provisioning import domains
from domain.security import passwords
from gql.schema.relay import to_global_id
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind
from ops.progress import progress

SIZES = {
    "resellers": 50, "sub_resellers": 10, "customers": 10_000, "departments": 5_000,
    "users": 30_000, "services": 50_000, "notes": 20_000, "audit_events": 100_000,
}  # fmt: skip
TABLES = (
    "organization", "plan", "department", "user", "membership", "service", "note", "audit_event",
)  # fmt: skip
# COPY order: plans belong to the master and resellers, and customers point at plans.
LOAD_ORDER = ("organization", "plan", "customer", *TABLES[2:])
PASSWORD = "Bench-password-2026"
ADMIN_EMAIL = "admin@platform.example"
ANCHOR = datetime(2026, 11, 20, tzinfo=UTC)
RETENTION = timedelta(days=30)
ACTIVE, SUSPENDED = OrganizationStatus.ACTIVE, OrganizationStatus.SUSPENDED
PENDING, DELETED = OrganizationStatus.PENDING, OrganizationStatus.DELETED
# name, quotas in ServiceKind order (None = unlimited), disk MB
PLANS = [
    ("Starter", (3, 2, 10, 1, 2, 1), 2_048),
    ("Business", (10, 10, 50, 5, 10, 5), 10_240),
    ("Pro", (25, 25, 200, 10, 25, 10), 51_200),
    ("Unlimited", (None,) * 6, None),
]
KIND_WEIGHTS = (30, 20, 30, 5, 10, 5)
SERVICE_NAMES = {  # w: a word, d: the customer's domain, s: its slug
    ServiceKind.WEBSITE: "{w}.{d}", ServiceKind.DATABASE: "{s}_{w}",
    ServiceKind.MAILBOX: "{w}@{d}", ServiceKind.FTP_ACCOUNT: "ftp-{w}",
    ServiceKind.DNS_ZONE: "{w}-{d}", ServiceKind.BACKUP: "backup-{w}",
}  # fmt: skip
# action: summary (lifecycle ones as domain.hierarchy.lifecycle records them)
AUDIT: dict[str, dict[str, Any]] = {
    "organization.create": {"kind": "CUSTOMER"},
    "organization.update": {"fields": ["contact"]},
    "organization.activate": {"from": "PENDING", "to": "ACTIVE", "reason": None},
    "organization.suspend": {"from": "ACTIVE", "to": "SUSPENDED", "reason": "Unpaid invoice"},
    "organization.reactivate": {"from": "SUSPENDED", "to": "ACTIVE", "reason": None},
    "organization.delete": {"from": "ACTIVE", "to": "DELETED", "reason": None},
    "user.create": {"role": "MEMBER"},
    "user.update": {"fields": ["firstName", "lastName"]},
    "service.create": {},
    "note.add": {},
}
AUDIT_WEIGHTS = (10, 15, 3, 4, 3, 2, 20, 15, 20, 8)
Row = dict[str, Any]
Id = uuid.UUID
Login = tuple[Id, str]  # user id, email


@dataclass
class Manifest:
    password: str
    admin_email: str
    reseller_email: str  # OWNER of the reseller with the most direct customers
    reseller_id: str
    reseller_customers: int
    customer_email: str  # OWNER of an active customer of that reseller
    user_id: str  # a user the reseller sees; `user_global_id` is its global id for node(id)
    user_global_id: str
    counts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(eq=False)
class Org:
    row: Row
    owner: Org | None
    domain: str
    managers: list[Login] = field(default_factory=list)  # OWNER first, then ADMINs
    users: list[Login] = field(default_factory=list)
    plans: list[tuple[Id, tuple[int | None, ...]]] = field(default_factory=list)
    room: dict[ServiceKind, int | None] = field(default_factory=dict)  # quota left per kind
    customers: list[Org] = field(default_factory=list)
    departments: list[Id] = field(default_factory=list)
    services: list[tuple[Id, str, str]] = field(default_factory=list)  # id, name, kind


NoteRef = tuple[Id, Org, Login, Org]  # note id, author's organization, author, subject


class Builder:
    """Draws every row from one `random.Random`, always in the same order."""

    def __init__(self, rng: random.Random, scale: float, password_hash: str) -> None:
        self.rng, self.password_hash = rng, password_hash
        self.n = {key: max(1, round(size * scale)) for key, size in SIZES.items()}
        self.rows: dict[str, list[Row]] = {key: [] for key in LOAD_ORDER}
        self.emails: set[str] = set()
        self.domains: set[str] = set()  # organizations' domains, one each
        self.laps: dict[str, int] = {}  # the last number a domain label or email base took
        self.shared_owners: set[uuid.UUID] = set()

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def after(self, start: datetime, days: float | None = None) -> datetime:
        """A moment between `start` and ANCHOR (and at most `days` after `start`)."""
        end = ANCHOR if days is None else min(ANCHOR, start + timedelta(days=days))
        return start + (end - start) * self.rng.random()

    def org(self, kind: OrganizationKind, owner: Org | None, name: str, **columns: Any) -> Org:
        rng, org_id = self.rng, self.uuid()
        city, country, postal = rng.choice(words.CITIES)
        domain = self.domain_for(name)
        created = self.after(owner.row["created_at"], 700) if owner else ANCHOR.replace(year=2021)
        row = {
            "id": org_id, "kind": kind.value, "name": name,
            "company": f"{name} {rng.choice(words.COMPANY_SUFFIX)}".strip(),
            "contact_email": f"info@{domain}",
            "contact_phone": f"+{rng.randint(1, 99)} {rng.randint(10, 999)} {rng.randint(1, 9**7)}",
            "address_line1": f"{rng.randint(1, 200)} {rng.choice(words.STREETS)}",
            "address_line2": "", "city": city, "postal_code": f"{postal}{rng.randint(100, 999)}",
            "country": country, "status": ACTIVE.value, "status_before_delete": None,
            "owner_id": owner.row["id"] if owner else None,
            "path": (owner.row["path"] if owner else "") + org_id.hex + "/",
            "depth": owner.row["depth"] + 1 if owner else 0, "plan_id": None,
            "created_at": created, "updated_at": created, "activated_at": created,
            "suspended_at": None, "suspension_reason": None, "deleted_at": None,
            "purge_after": None,
        }  # fmt: skip
        row.update(columns)
        self.rows["customer" if kind == OrganizationKind.CUSTOMER else "organization"].append(row)
        return Org(row, owner, domain)

    def domain_for(self, name: str) -> str:
        """A domain of the organization's own, from its name ("Blue Bakery" gets
        blue-bakery.example, the next one blue-bakery-2.example): its websites and DNS
        zones are named under it, so they are unique on the platform as the API requires."""
        label = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "org"
        # The first free lap, searched from the last one this label took (the laps below
        # it are taken for good): the same domains as counting from 1, in linear time.
        lap = self.laps.get(label, 1)
        domain = f"{label}.example" if lap == 1 else f"{label}-{lap}.example"
        while domain in self.domains:
            lap += 1
            domain = f"{label}-{lap}.example"
        self.domains.add(domain)
        self.laps[label] = lap
        return domain

    def user(self, org: Org, role: Role, email: str = "", department: Id | None = None) -> Login:
        rng = self.rng
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        base = email or f"{first}.{last}@{org.domain}".lower()
        number = self.laps.get(base, 1)  # as for domains: from the last number taken
        email = base if number == 1 else base.replace("@", f"{number}@")
        while email in self.emails:
            number += 1
            email = base.replace("@", f"{number}@")
        self.emails.add(email)
        self.laps[base] = number
        user_id, created = self.uuid(), self.after(org.row["created_at"], 30)
        last_login = self.after(created) if rng.random() < 0.7 else None
        self.rows["user"].append({
            "id": user_id, "email": email, "first_name": first, "last_name": last,
            "password_hash": self.password_hash, "language": rng.choice(("en", "en", "de", "fr")),
            "status": "DISABLED" if role == Role.MEMBER and rng.random() < 0.01 else "ACTIVE",
            "department_id": department, "password_changed_at": created,
            "password_expiry_warned_at": None, "failed_login_count": 0, "locked_until": None,
            "last_login_at": last_login,
            "last_login_ip": last_login and f"198.51.100.{rng.randint(1, 254)}",
            "created_at": created, "updated_at": created,
        })  # fmt: skip
        self.member((user_id, email), org, role, created)
        return user_id, email

    def member(self, login: Login, org: Org, role: Role, created: datetime) -> None:
        rights = ALL_ACCESS_RIGHTS if role == Role.OWNER else self.rng.sample(ALL_ACCESS_RIGHTS, 2)
        self.rows["membership"].append({
            "id": self.uuid(), "user_id": login[0], "organization_id": org.row["id"],
            "role": role.value, "access_rights": json.dumps(sorted(rights)), "created_at": created,
        })  # fmt: skip
        org.users.append(login)
        if role != Role.MEMBER:
            org.managers.append(login)

    def staffed(self, owner: Org | None, name: str, plans: int = 2, email: str = "") -> Org:
        """A master or reseller organization with an OWNER, an ADMIN, a MEMBER and plans."""
        kind = OrganizationKind.RESELLER if owner else OrganizationKind.MASTER
        org = self.org(kind, owner, name)
        for role in (Role.OWNER, Role.ADMIN, Role.MEMBER):
            self.user(org, role, email if role == Role.OWNER else "")
        for plan_name, quotas, disk in PLANS[:plans]:
            plan_id, created = self.uuid(), org.row["created_at"]
            self.rows["plan"].append({
                "id": plan_id, "owner_id": org.row["id"], "name": plan_name, "is_custom": False,
                **{f"{k.lower()}_quota": q for k, q in zip(ServiceKind, quotas, strict=True)},
                "disk_quota_mb": disk, "enabled_kinds": json.dumps(list(ServiceKind)),
                "created_at": created, "updated_at": created,
            })  # fmt: skip
            org.plans.append((plan_id, quotas))
        return org

    def customer(self, owner: Org) -> Org:
        rng = self.rng
        first = rng.choice((rng.choice(words.COMPANY_FIRST), rng.choice(words.LAST_NAMES)))
        name = f"{first} {rng.choice(words.COMPANY_SECOND)}"
        status = rng.choices((ACTIVE, SUSPENDED, PENDING, DELETED), (85, 6, 4, 5))[0]
        lived = status  # the status before a soft delete
        if status == DELETED:
            lived = rng.choices((ACTIVE, SUSPENDED, PENDING), (8, 1, 1))[0]
        plan_id, quotas = rng.choice(owner.plans) if rng.random() < 0.6 else (None, (None,) * 6)
        org = self.org(OrganizationKind.CUSTOMER, owner, name, status=status.value, plan_id=plan_id)
        org.room = dict(zip(ServiceKind, quotas, strict=True))
        created = org.row["created_at"]
        activated = None if lived == PENDING else self.after(created, 2)
        suspended = self.after(activated) if lived == SUSPENDED and activated else None
        latest = max(activated or created, suspended or created)
        deleted = self.after(max(latest, ANCHOR - timedelta(7))) if status == DELETED else None
        org.row.update(
            status_before_delete=lived.value if deleted else None, activated_at=activated,
            suspended_at=suspended, deleted_at=deleted, purge_after=deleted and deleted + RETENTION,
            suspension_reason=suspended and rng.choice(words.SUSPENSION_REASONS),
            updated_at=deleted or latest,
        )  # fmt: skip
        siblings = owner.customers
        if siblings and rng.random() < 0.02:  # a sibling's owner login, linked as OWNER here too
            login = rng.choice(siblings).managers[0]
            self.shared_owners.add(login[0])
            self.member(login, org, Role.OWNER, self.after(created, 30))
        else:
            self.user(org, Role.OWNER)
        owner.customers.append(org)
        return org

    def build(self) -> tuple[list[Org], list[Org]]:
        """Every row; returns the resellers and the customers."""
        rng, n = self.rng, self.n
        # What `tenantry bootstrap --email ADMIN_EMAIL` makes, plus staff and plans.
        master = self.staffed(None, "Platform", plans=len(PLANS), email=ADMIN_EMAIL)
        master.row.update(dict.fromkeys(("company", "contact_email", "contact_phone"), ""))
        master.row.update(dict.fromkeys(("address_line1", "city", "postal_code", "country"), ""))
        pool = [f"{a} {b}" for a in words.RESELLER_FIRST for b in words.RESELLER_SECOND]
        rng.shuffle(pool)  # then "Nimbus Cloud 2" and so on: reseller names are unique
        names = (f"{name} {lap + 1}" if lap else name for lap in itertools.count() for name in pool)
        tops = [self.staffed(master, next(names)) for _ in range(n["resellers"])]
        parents = rng.sample(tops, min(len(tops), n["sub_resellers"]))
        resellers = tops + [self.staffed(parent, next(names)) for parent in parents]
        # Uneven on purpose: the first reseller gets 3 %, the master 5 %, the rest by weight.
        owners = [master] * round(0.05 * n["customers"]) + [tops[0]] * round(0.03 * n["customers"])
        weights = [rng.uniform(0.2, 1.0) for _ in resellers[1:]]
        owners += rng.choices(resellers[1:], weights, k=max(0, n["customers"] - len(owners)))
        rng.shuffle(owners)
        customers = [self.customer(owner) for owner in owners]
        sizes = list(itertools.accumulate(rng.lognormvariate(0, 0.75) for _ in customers))

        def pick(k: int) -> list[Org]:
            return rng.choices(customers, cum_weights=sizes, k=k)

        for org in pick(n["departments"]):
            self.department(org)
        for org in pick(max(0, n["users"] - len(self.rows["user"]))):
            department = rng.choice(org.departments) if org.departments else None
            login = self.user(org, rng.choice((Role.ADMIN, *[Role.MEMBER] * 4)), "", department)
            other = rng.choice(org.owner.customers) if org.owner and rng.random() < 0.05 else org
            if login not in other.users:  # also a member of a sibling customer
                self.member(login, other, Role.MEMBER, self.after(org.row["created_at"]))
        while len(self.rows["service"]) < n["services"]:
            self.service(pick(1)[0])
        notes = [self.note(org) for org in pick(n["notes"])]
        for action, org in zip(rng.choices(list(AUDIT), AUDIT_WEIGHTS, k=n["audit_events"]),
                               pick(n["audit_events"]), strict=True):  # fmt: skip
            self.audit(action, org, notes)
        self.place_events()
        return resellers, customers

    def place_events(self) -> None:
        """Positions for every event, in (created_at, id) order, as the sequencer gave them
        long ago on a platform with this history. Left unplaced, the first server the bench
        starts would place them while it measures: at 10x, a million UPDATEs and as many
        dead rows under the audit page's index-only count (bench/RESULTS.md, 2026-12-04)."""
        events = sorted(self.rows["audit_event"], key=lambda e: (e["created_at"], e["id"]))
        for position, event in enumerate(events, start=1):
            event["position"] = position

    def department(self, org: Org) -> None:
        count, department_id = len(org.departments), self.uuid()
        lap, index = divmod(count, len(words.DEPARTMENTS))
        name = words.DEPARTMENTS[index] + (f" {lap + 1}" if lap else "")
        created, rng = self.after(org.row["created_at"]), self.rng
        self.rows["department"].append({
            "id": department_id, "organization_id": org.row["id"], "name": name,
            "description": f"{name} at {org.row['name']}",
            "primary_color": rng.choice((None, *words.COLORS)),
            "logo_url": f"https://{org.domain}/logo.png" if rng.random() < 0.3 else None,
            "footer": "", "language": rng.choice((None, None, "en", "de")),
            "timezone": rng.choice((None, "Europe/Berlin", "UTC")), "allowed_ip_ranges": "[]",
            "created_at": created, "updated_at": created,
        })  # fmt: skip
        org.departments.append(department_id)

    def service(self, org: Org) -> None:
        """One service of a kind the customer's plan still has room for (else none)."""
        kind = self.rng.choices(list(ServiceKind), KIND_WEIGHTS)[0]
        left = org.room[kind]
        if left == 0:
            return
        org.room[kind] = None if left is None else left - 1
        word = f"{self.rng.choice(words.SERVICE_WORDS)}{len(org.services) or ''}"
        slug = org.domain.split(".")[0].replace("-", "_")
        name = SERVICE_NAMES[kind].format(w=word, d=org.domain, s=slug)
        service_id = self.uuid()
        self.rows["service"].append({
            "id": service_id, "organization_id": org.row["id"], "kind": kind.value, "name": name,
            # As services.create stores it: the domain of a website or zone, else none.
            "domain": domains.normalize(name, ["name"]) if domains.carries_domain(kind) else None,
            "status": "DISABLED" if self.rng.random() < 0.03 else "ACTIVE", "settings": "{}",
            "created_at": self.after(org.row["created_at"]),
        })  # fmt: skip
        org.services.append((service_id, name, kind.value))

    def note(self, org: Org) -> NoteRef:
        """A note by a manager of the owner chain, mostly of the direct owner."""
        chain, above = [], org.owner
        while above is not None:
            chain.append(above)
            above = above.owner
        author_org = chain[0] if self.rng.random() < 0.8 else self.rng.choice(chain)
        author, note_id = self.rng.choice(author_org.managers), self.uuid()
        created, first_name = self.after(org.row["created_at"]), self.rng.choice(words.FIRST_NAMES)
        text = self.rng.choice(words.NOTES).format(
            plan="Pro", city=org.row["city"], name=first_name
        )
        self.rows["note"].append({
            "id": note_id, "organization_id": org.row["id"], "author_id": author[0],
            "author_organization_id": author_org.row["id"], "text": text,
            "created_at": created, "updated_at": created,
        })  # fmt: skip
        return note_id, author_org, author, org

    def audit(self, action: str, org: Org, notes: list[NoteRef]) -> None:
        """An event as domain.events.audit.record writes it for `action` on (or in) `org`."""
        rng, impersonator, summary = self.rng, None, AUDIT[action]
        if action == "service.create" and not org.services:
            action, summary = "user.update", AUDIT["user.update"]
        if action == "note.add":  # belongs to the author's organization, not the subject
            note_id, org, actor, subject = rng.choice(notes)
            target: tuple[str, Id, str] = ("Note", note_id, subject.row["name"])
        elif action.startswith("organization.") and org.owner:
            actor, target = (
                rng.choice(org.owner.managers),
                ("Organization", org.row["id"], org.row["name"]),
            )
        else:  # the customer's owner at work, now and then impersonated by its reseller
            actor = org.managers[0]
            if org.owner and rng.random() < 0.03:
                impersonator = rng.choice(org.owner.managers)
            if action == "service.create":
                service_id, name, kind = rng.choice(org.services)
                target, summary = ("Service", service_id, name), {"kind": kind}
            else:
                target = ("User", *rng.choice(org.users))
        self.rows["audit_event"].append({
            "id": self.uuid(), "created_at": self.after(org.row["created_at"]), "action": action,
            "actor_id": actor[0], "actor_email": actor[1],
            "impersonator_id": impersonator and impersonator[0],
            "impersonator_email": impersonator and impersonator[1], "api_key_id": None,
            "organization_id": org.row["id"], "organization_path": org.row["path"],
            "target_type": target[0], "target_id": target[1], "target_name": target[2],
            "summary": json.dumps(summary), "ip": f"203.0.113.{rng.randint(1, 254)}",
        })  # fmt: skip


def _password_hash(rng: random.Random, rounds: int) -> str:
    """PASSWORD hashed as domain.security.passwords stores it, with a salt drawn from `rng`."""
    alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    salt = "".join(rng.choice(alphabet) for _ in range(21)) + rng.choice(".Oeu")
    # The pre-hash is domain.security.passwords' own; seed() checks the result with verify_password.
    hashed = bcrypt.hashpw(passwords._prehash(PASSWORD), f"$2b${rounds:02d}${salt}".encode())
    return passwords.SCHEME + hashed.decode()


async def _on_server(url: str, statement: str) -> None:
    """Run CREATE/DROP DATABASE from the server's `postgres` database."""
    server = url.rpartition("/")[0]
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def _database_name(url: str) -> str:
    name = url.rpartition("/")[2].split("?")[0]
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"refusing an unusual database name: {name!r}")
    return name


async def drop_database(url: str) -> None:
    await _on_server(url, f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


async def _drop_plain_indexes(connection: asyncpg.Connection) -> list[str]:
    """Drop the indexes of the loaded tables that back no constraint; returns the
    statements that create them again (as the migrations made them)."""
    found = await connection.fetch(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
          AND NOT i.indexdef LIKE 'CREATE UNIQUE %'
        """,
        list(TABLES),
    )
    for row in found:
        await connection.execute(f'DROP INDEX "{row["indexname"]}"')
    return [row["indexdef"] for row in found]


async def _skip_foreign_key_checks(connection: asyncpg.Connection) -> None:
    """Within the transaction, skip the per-row foreign-key triggers: the rows come in
    foreign-key order from one generator. It takes a superuser (the bench's own server);
    without one the checks stay on and the load is only slower."""
    try:
        async with connection.transaction():  # a savepoint: a refusal leaves the load intact
            await connection.execute("SET LOCAL session_replication_role = replica")
    except asyncpg.InsufficientPrivilegeError:
        pass


async def seed(url: str, *, seed: int = 7, scale: float = 1.0, bcrypt_rounds: int = 12) -> Manifest:
    """Recreate the database at `url` and fill it; see the module docstring."""
    clock, seconds = time.perf_counter(), dict[str, float]()
    await drop_database(url)
    await _on_server(url, f'CREATE DATABASE "{_database_name(url)}"')
    # migrate() leaves Tortoise initialised: keep that off the caller's own Tortoise context.
    with TortoiseContext() as context:
        try:
            await database.migrate(url)
        finally:
            await context.close_connections()
    seconds["migrate"], clock = time.perf_counter() - clock, time.perf_counter()

    rng = random.Random(seed)
    password_hash = await asyncio.to_thread(_password_hash, rng, bcrypt_rounds)
    assert await passwords.verify_password(PASSWORD, password_hash)
    builder = Builder(rng, scale, password_hash)
    resellers, customers = builder.build()
    seconds["generate"], clock = time.perf_counter() - clock, time.perf_counter()

    connection = await asyncpg.connect(url)
    try:
        total = sum(len(rows) for rows in builder.rows.values())
        async with connection.transaction():
            # Rows go in without the indexes no constraint needs (trigram, search and
            # foreign-key ones), which are then built once each: far cheaper than updating
            # them row by row (the GIN ones most of all).
            rebuilt = await _drop_plain_indexes(connection)
            await connection.execute("SET LOCAL maintenance_work_mem = '256MB'")
            await _skip_foreign_key_checks(connection)
            with progress("loading rows", total=total, unit="row") as advance:
                for key, rows in builder.rows.items():
                    if not rows:
                        continue
                    columns = list(rows[0])
                    records = [tuple(row[column] for column in columns) for row in rows]
                    table = "organization" if key == "customer" else key
                    await connection.copy_records_to_table(table, records=records, columns=columns)
                    advance(len(rows))
            seconds["load"], clock = time.perf_counter() - clock, time.perf_counter()
            for statement in rebuilt:
                await connection.execute(statement)
        seconds["index"], clock = time.perf_counter() - clock, time.perf_counter()
        # VACUUM too, not only ANALYZE: it sets the visibility map, without which an
        # index-only scan (the search's OWNER memberships) still reads every heap page,
        # until autovacuum gets round to it. (Rows COPYed while a GIN index exists would
        # also wait in its pending list, scanned row by row by every search: the trigram
        # indexes are now built after the load, so none are.)
        await connection.execute("VACUUM ANALYZE")
        seconds["analyze"] = time.perf_counter() - clock
        counts = {t: await connection.fetchval(f'SELECT count(*) FROM "{t}"') for t in TABLES}
    finally:
        await connection.close()

    reseller = max(resellers, key=lambda org: len(org.customers))
    mine = [c for c in reseller.customers if c.row["status"] == ACTIVE.value]
    customer = next(
        c
        for c in mine + customers
        if c.row["status"] == ACTIVE.value and c.managers[0][0] not in builder.shared_owners
    )
    user = next((login for c in mine for login in c.users[1:]), customer.managers[0])
    return Manifest(
        password=PASSWORD,
        admin_email=ADMIN_EMAIL,
        reseller_email=reseller.managers[0][1],
        reseller_id=str(reseller.row["id"]),
        reseller_customers=len(reseller.customers),
        customer_email=customer.managers[0][1],
        user_id=str(user[0]),
        user_global_id=to_global_id("User", user[0]),
        counts=counts,
        seconds={phase: round(value, 2) for phase, value in seconds.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/tenantry_bench")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--manifest", type=Path)
    options = parser.parse_args()
    started = time.perf_counter()
    manifest = asyncio.run(seed(options.postgres, seed=options.seed, scale=options.scale))
    print(f"seeded in {time.perf_counter() - started:.1f} s  {manifest.seconds}")
    for table, count in manifest.counts.items():
        print(f"  {table:<14} {count:>9,}")
    print(f"reseller {manifest.reseller_email}: {manifest.reseller_customers} direct customers")
    if options.manifest:
        options.manifest.write_text(json.dumps(asdict(manifest), indent=2) + "\n")


if __name__ == "__main__":
    main()
