"""Purging a deleted organization's tree: bottom-up, in batches, resumable, no orphans."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.timezone import now
from tortoise.transactions import in_transaction

import database
from domain.actor import Actor
from domain.jobs import purge, purge_sql
from models import (
    ApiKey,
    AuditEvent,
    DeletionJob,
    Department,
    Membership,
    Note,
    Organization,
    PasswordResetToken,
    Plan,
    SecurityPolicy,
    Service,
    SessionToken,
    User,
)
from models.enums import JobStatus, OrganizationKind, OrganizationStatus, Role, ServiceKind
from tests import factories
from tests.database import own_connections


async def build_tree() -> dict[str, Any]:
    """master > reseller > (sub > customer2, customer1); a user also member of `keeper`."""
    master = await factories.master()
    admin, _ = await factories.quick_member(master, "admin@example.com")
    keeper = await factories.organization(OrganizationKind.CUSTOMER, master, name="Keeper")
    reseller = await factories.organization(OrganizationKind.RESELLER, master, name="Doomed")
    sub = await factories.organization(OrganizationKind.RESELLER, reseller, name="Doomed Sub")
    customers = [
        await factories.organization(OrganizationKind.CUSTOMER, reseller, name="C1"),
        await factories.organization(OrganizationKind.CUSTOMER, sub, name="C2"),
    ]
    plan = await Plan.create(owner=reseller, name="Doomed plan")
    for org in [reseller, sub, *customers]:
        await factories.quick_member(org, f"owner@{org.name.lower().replace(' ', '')}.test")
        await Department.create(organization=org, name="Ops")
        await SecurityPolicy.create(organization=org, min_password_length=12)
    for number, customer in enumerate(customers):
        customer.plan_id = plan.id
        await customer.save()
        for index in range(3):
            await Service.create(
                organization=customer, kind=ServiceKind.WEBSITE, name=f"s{number}{index}"
            )
        await Note.create(organization=customer, author=admin, author_organization=master, text="x")
    shared = await User.create(email="shared@example.com", password_hash="!")
    await Membership.create(user=shared, organization=customers[0], role=Role.ADMIN)
    await Membership.create(user=shared, organization=keeper, role=Role.ADMIN)
    await factories.session_for(
        shared, await Membership.get(user=shared, organization=customers[0])
    )
    await AuditEvent.create(
        action="test",
        organization=customers[0],
        organization_path=customers[0].path,
        target_type="Organization",
        target_id=customers[0].id,
        target_name="C1",
    )
    await Organization.filter(id=reseller.id).update(status=OrganizationStatus.DELETED)
    return {"master": master, "admin": admin, "reseller": reseller, "keeper": keeper}


async def _rows() -> dict[str, int]:
    return {
        model._meta.db_table: await model.all().count()
        for model in Tortoise.apps["models"].values()
        if model._meta.db_table != "aerich"
    }


def _actor(world: dict[str, Any]) -> Actor:
    return Actor(
        organization=world["master"],
        role=Role.OWNER,
        access_rights=frozenset(),
        user=world["admin"],
    )


@pytest.mark.parametrize("batch", [1_000, 2])
async def test_purge_removes_the_tree_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(purge, "BATCH", batch)
    world = await build_tree()
    before = await _rows()

    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    assert requested.job is not None
    await purge.run(requested.job.id)

    job = await DeletionJob.get(id=requested.job.id)
    after = await _rows()
    assert job.status == JobStatus.DONE
    assert job.done == job.total == sum(requested.counts.values())  # type: ignore[union-attr]
    assert {o.name for o in await Organization.all()} == {"Platform", "Keeper"}
    assert after["service"] == after["note"] == after["department"] == after["plan"] == 0
    assert after["security_policy"] == 0
    assert [s.user_id for s in await SessionToken.all()] == [world["admin"].id]
    assert sorted(u.email for u in await User.all()) == ["admin@example.com", "shared@example.com"]
    assert await Membership.filter(user__email="shared@example.com").count() == 1
    # The audit trail stays, keeping the name; it now points at no organization.
    kept = await AuditEvent.get(action="test")
    assert kept.organization_id is None
    assert kept.target_name == "C1"
    assert after["audit_event"] == before["audit_event"] + 1  # + the purge request itself


async def _reset_token(user: User) -> None:
    await PasswordResetToken.create(
        token_hash=f"reset-{user.email}", user=user, expires_at=now() + timedelta(hours=1)
    )


@pytest.mark.parametrize("batch", [1_000, 2])
async def test_rows_reached_through_other_rows_are_counted_once(
    monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """A leaving user with two memberships in the tree, reset tokens of a leaving and of a
    staying user, API keys inside and outside, a note outside written by the tree."""
    monkeypatch.setattr(purge, "BATCH", batch)
    world = await build_tree()
    c1, c2, sub = [await Organization.get(name=name) for name in ("C1", "C2", "Doomed Sub")]
    twice = await User.create(email="twice@example.com", password_hash="!")
    for customer in (c1, c2):
        await Membership.create(user=twice, organization=customer, role=Role.MEMBER)
    await _reset_token(twice)
    await _reset_token(await User.get(email="shared@example.com"))
    for number, org in enumerate([c2, world["keeper"]]):
        await ApiKey.create(
            organization=org, name="k", role=Role.MEMBER, prefix="k", secret_hash=f"k{number}"
        )
    await Note.create(organization=world["keeper"], author_organization=sub, text="by the tree")
    await Note.create(organization=world["keeper"], author_organization=world["master"], text="k")

    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    assert requested.counts == {
        "services": 6,
        "notes": 3,
        "sessions": 5,
        "api_keys": 1,
        "reset_tokens": 1,
        "users": 5,
        "memberships": 7,
        "departments": 4,
        "security_policies": 4,
        "plans": 1,
        "organizations": 4,
    }
    await purge.run(requested.job.id)  # type: ignore[union-attr]

    job = await DeletionJob.get(id=requested.job.id)  # type: ignore[union-attr]
    assert job.status == JobStatus.DONE
    assert job.done == job.total == sum(requested.counts.values())
    assert sorted(u.email for u in await User.all()) == ["admin@example.com", "shared@example.com"]
    assert [t.token_hash for t in await PasswordResetToken.all()] == ["reset-shared@example.com"]
    assert [k.secret_hash for k in await ApiKey.all()] == ["k1"]
    assert [n.text for n in await Note.all()] == ["k"]


async def test_dry_run_counts_and_changes_nothing() -> None:
    world = await build_tree()
    before = await _rows()

    (result,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=True)

    assert result.job is None
    assert result.counts == {
        "services": 6,
        "notes": 2,
        "sessions": 5,  # the four owners and the shared user
        "api_keys": 0,
        "reset_tokens": 0,
        "users": 4,
        "memberships": 5,  # four of them go with their users
        "departments": 4,
        "security_policies": 4,
        "plans": 1,
        "organizations": 4,
    }
    assert await _rows() == before


async def test_only_deleted_organizations_are_purged() -> None:
    world = await build_tree()

    (result,) = await purge.request(_actor(world), [world["keeper"].id], dry_run=False)

    assert result.outcome.error is not None
    assert result.outcome.error.code == "INVALID_STATE"
    assert await DeletionJob.all().count() == 0


async def test_running_twice_or_resuming_ends_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(purge, "BATCH", 3)
    world = await build_tree()
    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    job_id = requested.job.id  # type: ignore[union-attr]

    for _ in range(4):  # a worker dies after four steps
        await purge.step(job_id)
    await purge.run(job_id)  # another picks it up
    await purge.run(job_id)  # and the message arrives once more

    job = await DeletionJob.get(id=job_id)
    assert job.status == JobStatus.DONE
    assert job.done == job.total
    assert await Organization.all().count() == 2


async def test_two_processes_running_the_same_job_at_once_both_end_cleanly(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """A message delivered twice reaches two processes (each `serve` re-sends unfinished
    jobs as it starts): their steps interleave, and neither fails on the other's writes."""
    monkeypatch.setattr(purge, "BATCH", 2)
    world = await build_tree()
    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    job_id = requested.job.id  # type: ignore[union-attr]

    async def run_in_another_process() -> None:
        async with own_connections(database_url):
            await purge.run(job_id)

    await asyncio.gather(run_in_another_process(), run_in_another_process())

    job = await DeletionJob.get(id=job_id)
    assert (job.status, job.attempts) == (JobStatus.DONE, 0)
    assert job.error is None
    assert job.done == job.total
    assert {o.name for o in await Organization.all()} == {"Platform", "Keeper"}


async def test_every_step_deletes_rows_an_emptied_phase_hands_over() -> None:
    world = await build_tree()
    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    job_id = requested.job.id  # type: ignore[union-attr]
    progress: list[tuple[str, int]] = []

    async def record() -> None:
        job = await DeletionJob.get(id=job_id)
        progress.append((job.phase, job.done))

    await purge.run(job_id, on_step=record)

    done = [rows for _, rows in progress]
    assert done == sorted(set(done))  # no step only moved on to the next phase
    assert progress[:2] == [("services", 6), ("notes", 8)]
    assert (await DeletionJob.get(id=job_id)).status == JobStatus.DONE


async def test_customers_can_be_handed_to_the_master() -> None:
    world = await build_tree()

    (requested,) = await purge.request(
        _actor(world), [world["reseller"].id], dry_run=False, reassign_to=world["master"].id
    )
    await purge.run(requested.job.id)  # type: ignore[union-attr]

    survivors = {o.name: o for o in await Organization.all()}
    assert set(survivors) == {"Platform", "Keeper", "C1", "C2"}
    for name in ("C1", "C2"):
        assert survivors[name].owner_id == world["master"].id
        assert survivors[name].path == world["master"].path + survivors[name].id.hex + "/"
        # Its plan belonged to the purged reseller: a copy of its new owner's keeps its limits.
        plan = await Plan.get(id=survivors[name].plan_id)
        assert (plan.is_custom, plan.owner_id) == (True, world["master"].id)
    assert await Service.all().count() == 6


async def test_a_users_batch_takes_leaving_users_with_all_their_memberships_only() -> None:
    """Each users batch deletes at most `size` users, each with every membership it has;
    a user with a membership outside the tree stays, its membership inside left to the
    memberships phase; the count is exactly the rows that went."""
    world = await build_tree()
    c1, c2 = [await Organization.get(name=name) for name in ("C1", "C2")]
    twice = await User.create(email="twice@example.com", password_hash="!")
    for customer in (c1, c2):
        await Membership.create(user=twice, organization=customer, role=Role.MEMBER)
    (users,) = [phase for phase in purge_sql.PHASES if phase.name == "users"]
    memberships_before = await Membership.all().count()

    counts = []
    async with in_transaction("default") as connection:
        while deleted := await purge_sql.delete_batch(connection, users, world["reseller"].path, 2):
            counts.append(deleted)

    # Five users leave (the four owners and `twice`) with their six memberships.
    assert sum(counts) == 5 + 6
    assert all(count <= 2 + 2 * 2 for count in counts)  # two users, two memberships each
    assert sorted(u.email for u in await User.all()) == ["admin@example.com", "shared@example.com"]
    assert await Membership.all().count() == memberships_before - 6
    shared = await User.get(email="shared@example.com")
    assert {m.organization_id for m in await Membership.filter(user=shared)} == {
        c1.id,
        world["keeper"].id,
    }


class _Statements(logging.Handler):
    """The SQL statements Tortoise sends (its debug log), while attached."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sent: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.sent.append(message)


async def test_on_postgresql_a_step_is_the_lock_and_one_statement(database_url: str) -> None:
    """On PostgreSQL a step is three round trips: the job row's lock, its organization's
    (still DELETED?), then one statement that deletes the batch and records the progress.
    The users' batch is one too (who leaves, their memberships, them). An emptied phase
    adds one statement that finds nothing, and the last step, which finds nothing left,
    saves the job as DONE."""
    if database.dialect_of(database_url) != "postgres":
        pytest.skip(
            "SQLite runs the progress update, and a users batch, as statements of their own"
        )
    world = await build_tree()
    (requested,) = await purge.request(_actor(world), [world["reseller"].id], dry_run=False)
    job_id = requested.job.id  # type: ignore[union-attr]
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Statements(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    steps: list[tuple[list[str], int]] = []
    try:
        while True:
            handler.sent = []
            more = await purge.step(job_id)
            sent, handler.sent = handler.sent, []
            steps.append((sent, (await DeletionJob.get(id=job_id)).done))
            if not more:
                break
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)

    assert (await DeletionJob.get(id=job_id)).status == JobStatus.DONE
    batches = []
    for sent, _ in steps[:-1]:
        lock, check, *statements = sent
        assert "FOR UPDATE" in lock
        assert 'FROM "organization"' in check
        assert "FOR NO KEY UPDATE" in check
        assert all(s.startswith("WITH") and "DELETE" in s for s in statements), statements
        assert 'UPDATE "deletion_job"' in statements[-1]
        batches += statements
    lock, check, *statements, done = steps[-1][0]
    assert statements
    assert done.startswith('UPDATE "deletion_job"')
    assert len(batches) + len(statements) == len(steps) - 1 + len(purge_sql.PHASES)
    # Every step but the last recorded more rows; in all, exactly the rows there were.
    done_after = [rows for _, rows in steps]
    assert done_after[:-1] == sorted(set(done_after[:-1]))
    assert done_after[-1] == done_after[-2] == requested.job.total  # type: ignore[union-attr]
