"""Migrations bring a fresh database to the models; the database enforces its constraints."""

from __future__ import annotations

import pytest
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import database
from models import Organization, Plan, User
from models.enums import OrganizationKind
from tests import factories


async def test_models_and_migrations_do_not_drift(db: str) -> None:
    """Fails when a model changed without `tenantry makemigrations` for this database kind."""
    diff = await database.unmigrated_changes(db)

    assert diff is None, f"models changed without a {database.dialect_of(db)} migration:\n{diff}"


async def test_migrating_again_applies_nothing(db: str) -> None:
    assert await database.migrate(db) == []


async def test_each_database_kind_has_its_own_migrations() -> None:
    for kind in ("sqlite", "postgres"):
        files = sorted((database.MIGRATIONS_ROOT / kind / database.APP_LABEL).glob("*.py"))
        assert files, kind
        assert files[0].name.startswith("0_")


async def test_only_one_master_can_exist() -> None:
    await factories.master()

    with pytest.raises(IntegrityError):
        async with in_transaction():
            await factories.organization(OrganizationKind.MASTER, name="Second master")

    assert await Organization.filter(kind=OrganizationKind.MASTER).count() == 1


async def test_email_is_unique_in_any_letter_case_in_the_database() -> None:
    await User.create(email="person@example.com", password_hash="x")

    with pytest.raises(IntegrityError):
        async with in_transaction():
            # Bypasses the code's normalisation: the database itself must refuse.
            await User.create(email="Person@Example.com", password_hash="x")


async def test_deleting_a_plan_detaches_it_from_organizations() -> None:
    master = await factories.master()
    plan = await Plan.create(owner=master, name="Basic")
    customer = await factories.organization(OrganizationKind.CUSTOMER, master)
    customer.plan_id = plan.id
    await customer.save()

    await plan.delete()

    await customer.refresh_from_db()
    assert customer.plan_id is None


async def test_an_organization_cannot_point_to_a_missing_plan() -> None:
    import uuid

    master = await factories.master()

    master.plan_id = uuid.uuid4()

    with pytest.raises(IntegrityError):
        await master.save()


async def test_an_owner_with_children_cannot_be_deleted_directly() -> None:
    master = await factories.master()
    await factories.organization(OrganizationKind.CUSTOMER, master)

    with pytest.raises(IntegrityError):
        async with in_transaction():
            await master.delete()
