"""Benchmark: purging a ~100k-row tree through the job system vs one raw cascading DELETE.

    python -m bench.purge [--customers 2000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]

Creates a scratch PostgreSQL database, migrates it, builds two identical trees (a reseller,
a sub-reseller, customers with users, memberships, departments, services, notes and
sessions), then:
- purges one with the DeletionJob steps the `purge_organization` actor runs (batches of
  PURGE_BATCH_SIZE, each its own transaction), recording every transaction's duration;
- deletes the other with hand-written SQL in one transaction: the users that leave, then
  the organizations level by level, the rest going by ON DELETE CASCADE.
Prints both times, the ratio (goal: <= 2x) and the longest purge transaction (goal: <= 2 s).
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
from tortoise import Tortoise, connections
from tortoise.timezone import now
from tortoise.transactions import in_transaction

import database
from domain.hierarchy.organizations import new_organization
from domain.jobs import purge
from models import (
    DeletionJob,
    Department,
    Membership,
    Note,
    Organization,
    Service,
    SessionToken,
    User,
)
from models.enums import OrganizationKind, OrganizationStatus, Role, ServiceKind

SERVICES_PER_CUSTOMER = 20
USERS_PER_CUSTOMER = 5


@dataclass
class Tree:
    root: Organization
    rows: int


async def build_tree(master: Organization, label: str, customers: int) -> Tree:
    """One reseller with a sub-reseller; `customers` customers split between them."""
    reseller = await new_organization(OrganizationKind.RESELLER, f"{label} reseller", master)
    sub = await new_organization(OrganizationKind.RESELLER, f"{label} sub", reseller)
    rows = 2
    for start in range(0, customers, 200):
        orgs = []
        for number in range(start, min(start + 200, customers)):
            owner = sub if number % 2 else reseller
            org_id = uuid.uuid4()
            orgs.append(
                Organization(
                    id=org_id,
                    kind=OrganizationKind.CUSTOMER,
                    name=f"{label} {number}",
                    owner_id=owner.id,
                    path=owner.path + org_id.hex + "/",
                    depth=owner.depth + 1,
                    status=OrganizationStatus.ACTIVE,
                )
            )
        await Organization.bulk_create(orgs)
        users, memberships, services, departments, notes, sessions = [], [], [], [], [], []
        for org in orgs:
            for index in range(USERS_PER_CUSTOMER):
                user = User(
                    id=uuid.uuid4(),
                    email=f"{label}.{org.id.hex[:12]}.{index}@bench.test",
                    password_hash="!",
                )
                users.append(user)
                membership = Membership(
                    id=uuid.uuid4(), user_id=user.id, organization_id=org.id, role=Role.MEMBER
                )
                memberships.append(membership)
                if index == 0:
                    sessions.append(
                        SessionToken(
                            token_hash=uuid.uuid4().hex + uuid.uuid4().hex,
                            user_id=user.id,
                            membership_id=membership.id,
                            expires_at=now() + timedelta(hours=1),
                        )
                    )
            # Websites named by domains of their own (the organization's id makes them
            # unique on the platform), stored as services.create stores them.
            services += [
                Service(
                    organization_id=org.id,
                    kind=ServiceKind.WEBSITE,
                    name=(website := f"s{index}.c{org.id.hex}.bench.test"),
                    domain=website,
                )
                for index in range(SERVICES_PER_CUSTOMER)
            ]
            departments += [
                Department(organization_id=org.id, name=f"d{index}") for index in range(2)
            ]
            notes += [
                Note(organization_id=org.id, author_organization_id=reseller.id, text="n")
                for _ in range(2)
            ]
        batches: list[list[Any]] = [users, memberships, sessions, services, departments, notes]
        for batch in batches:
            await type(batch[0]).bulk_create(batch, batch_size=2_000)
            rows += len(batch)
        rows += len(orgs)
    await Organization.filter(id=reseller.id).update(status=OrganizationStatus.DELETED)
    return Tree(root=await Organization.get(id=reseller.id), rows=rows)


async def purge_with_jobs(tree: Tree, batch: int) -> tuple[float, float, int, dict[str, float]]:
    job = await DeletionJob.create(
        organization_id=tree.root.id,
        organization_name=tree.root.name,
        organization_path=tree.root.path,
        total=sum((await purge.count_rows(tree.root.path)).values()),
    )
    longest = 0.0
    by_phase: dict[str, float] = {}
    started = time.perf_counter()
    while True:
        phase = (await DeletionJob.get(id=job.id)).phase or "start"
        step_started = time.perf_counter()
        more = await purge.step(job.id, batch)
        took = time.perf_counter() - step_started
        longest = max(longest, took)
        by_phase[phase] = by_phase.get(phase, 0.0) + took
        if not more:
            break
    elapsed = time.perf_counter() - started
    job = await DeletionJob.get(id=job.id)
    return elapsed, longest, job.done, by_phase


async def raw_cascade(tree: Tree) -> float:
    path, upper = tree.root.path, tree.root.path[:-1] + "0"
    started = time.perf_counter()
    async with in_transaction("default") as tx:
        await tx.execute_query(
            'DELETE FROM "user" u WHERE EXISTS (SELECT 1 FROM membership m '
            "JOIN organization o ON o.id = m.organization_id "
            "WHERE m.user_id = u.id AND o.path >= $1 AND o.path < $2) "
            "AND NOT EXISTS (SELECT 1 FROM membership m "
            "JOIN organization o ON o.id = m.organization_id "
            "WHERE m.user_id = u.id AND (o.path < $1 OR o.path >= $2))",
            [path, upper],
        )
        for depth in (3, 2, 1):
            await tx.execute_query(
                "DELETE FROM organization WHERE path >= $1 AND path < $2 AND depth = $3",
                [path, upper, depth],
            )
    return time.perf_counter() - started


async def main(server: str, customers: int, batch: int) -> None:
    name = f"tenantry_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(server.replace("postgres://", "postgresql://", 1))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        await database.migrate(url)
        master = await new_organization(OrganizationKind.MASTER, "Platform", None)
        print(f"building two trees of {customers} customers ...", flush=True)
        jobs_tree = await build_tree(master, "jobs", customers)
        raw_tree = await build_tree(master, "raw", customers)
        await connections.get("default").execute_script("ANALYZE")
        jobs_seconds, longest, deleted, by_phase = await purge_with_jobs(jobs_tree, batch)
        raw_seconds = await raw_cascade(raw_tree)
        left = await Organization.all().count()
        print(f"rows per tree               {jobs_tree.rows:>10,}")
        print(
            f"job system (batch {batch:>5})    {jobs_seconds:>10.2f} s   ({deleted:,} rows counted)"
        )
        print(f"raw DELETE ... CASCADE      {raw_seconds:>10.2f} s")
        print(f"ratio                       {jobs_seconds / raw_seconds:>10.2f} x   (goal <= 2)")
        print(f"longest purge transaction   {longest:>10.3f} s   (goal <= 2)")
        print(f"organizations left          {left:>10}   (the master)")
        print("job time by phase (includes reading progress between steps):")
        for phase, seconds in sorted(by_phase.items(), key=lambda item: -item[1]):
            print(f"  {phase:<24} {seconds:>8.2f} s")
    finally:
        await Tortoise.close_connections()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=purge.BATCH)
    options = parser.parse_args()
    asyncio.run(main(options.postgres, options.customers, options.batch))
