"""Migrations bring a fresh database to the models; the database enforces its constraints."""

from __future__ import annotations

import pytest
from tortoise import Tortoise, connections
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
        async with in_transaction("default"):
            await factories.organization(OrganizationKind.MASTER, name="Second master")

    assert await Organization.filter(kind=OrganizationKind.MASTER).count() == 1


async def test_email_is_unique_in_any_letter_case_in_the_database() -> None:
    await User.create(email="person@example.com", password_hash="x")

    with pytest.raises(IntegrityError):
        async with in_transaction("default"):
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
        async with in_transaction("default"):
            await master.delete()


async def _leading_index_columns(db: str, table: str) -> set[str]:
    connection = connections.get("default")
    if database.dialect_of(db) == "postgres":
        rows = await connection.execute_query_dict(
            "SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
            "WHERE i.indrelid = $1::regclass",
            [f'"{table}"'],
        )
        return {row["column"] for row in rows}
    leading = set()
    for index in await connection.execute_query_dict(f'PRAGMA index_list("{table}")'):
        info = await connection.execute_query_dict(f'PRAGMA index_info("{index["name"]}")')
        leading |= {row["name"] for row in info if row["seqno"] == 0}
    return leading


async def test_every_foreign_key_column_leads_an_index(db: str) -> None:
    """Lists join by these columns and purges delete by them: none may need a table scan."""
    missing = []
    for model in Tortoise.apps["models"].values():
        table = model._meta.db_table
        columns = [
            model._meta.fields_map[name].source_field or f"{name}_id"
            for name in (*model._meta.fk_fields, *model._meta.o2o_fields)
        ]
        if table == "organization":
            columns.append("plan_id")  # declared by hand, see models/organization.py
        indexed = await _leading_index_columns(db, table)
        missing += [f"{table}.{column}" for column in columns if column not in indexed]

    assert missing == []


@pytest.mark.parametrize(
    ("kind", "has_owner"),
    [(OrganizationKind.MASTER, True), (OrganizationKind.CUSTOMER, False)],
)
async def test_only_the_master_has_no_owner(kind: OrganizationKind, has_owner: bool) -> None:
    master = await factories.master()
    import uuid

    with pytest.raises(IntegrityError):
        await Organization.create(
            id=uuid.uuid4(),
            kind=kind,
            name="Broken",
            owner=master if has_owner else None,
            path="x/",
        )


async def test_database_refuses_unknown_status_and_upper_case_email() -> None:
    master = await factories.master()
    user = await User.create(email="lower@example.com", password_hash="x")
    connection = connections.get("default")

    with pytest.raises(IntegrityError):
        await connection.execute_query(
            "UPDATE organization SET status = 'ON_HOLD' WHERE id = "
            + ("$1" if connection.schema_generator.DIALECT == "postgres" else "?"),
            [str(master.id) if connection.schema_generator.DIALECT != "postgres" else master.id],
        )
    user.email = "Upper@Example.com"
    with pytest.raises(IntegrityError):
        await user.save()


async def _plan(db: str, sql: str) -> str:
    connection = connections.get("default")
    if database.dialect_of(db) == "postgres":
        # With sequential scans priced out, a plan without an index means none is usable.
        async with in_transaction("default") as transaction:
            await transaction.execute_script("SET LOCAL enable_seqscan = off")
            rows = await transaction.execute_query_dict(f"EXPLAIN {sql}")
        return "\n".join(row["QUERY PLAN"] for row in rows)
    rows = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}")
    return "\n".join(row["detail"] for row in rows)


async def test_subtree_and_login_lookups_use_an_index(db: str) -> None:
    from domain.scope import subtree

    master = await factories.master()
    subtree_sql = Organization.filter(**subtree(master.path)).sql(params_inline=True)
    login_sql = User.filter(email="a@example.com").sql(params_inline=True)

    for sql in (subtree_sql, login_sql):
        plan = await _plan(db, sql)
        assert "index" in plan.lower(), plan
        assert "SCAN organization" not in plan, plan
        assert "SCAN user" not in plan, plan


async def test_customer_search_uses_trigram_indexes_on_postgresql(db: str) -> None:
    """The search's case-insensitive substring match is what the trigram indexes serve."""
    if database.dialect_of(db) != "postgres":
        pytest.skip("trigram indexes are PostgreSQL's; SQLite scans (see migration 5)")
    by_name = Organization.filter(name__icontains="north").sql(params_inline=True)
    by_owner_email = User.filter(email__icontains="north").sql(params_inline=True)

    for sql, index in (
        (by_name, "idx_organization_name_trgm"),
        (by_owner_email, "idx_user_email_trgm"),
    ):
        plan = await _plan(db, sql)
        assert index in plan, plan


def test_the_driver_dsn_keeps_the_connection_and_drops_the_pool_size() -> None:
    url = "postgres://app:secret@db.internal:5432/tenantry?maxsize=20&sslmode=require&minsize=2"

    assert database.driver_dsn(url) == (
        "postgresql://app:secret@db.internal:5432/tenantry?sslmode=require"
    )


async def test_a_database_url_sizing_the_pool_serves_the_locks_and_the_orm(db: str) -> None:
    """`?maxsize=N` sizes Tortoise's pool; the connections Tenantry opens itself (the
    migration and scheduler locks) must not pass it to PostgreSQL, which refuses it."""
    if database.dialect_of(db) != "postgres":
        pytest.skip("the pool is asyncpg's; SQLite has none")
    sized = f"{db}?maxsize=3"

    async with database.process_lock(sized, "scheduler", wait=False) as held:
        assert held
    connection = database.tortoise_config(sized)["connections"]["default"]
    assert connection["credentials"]["maxsize"] == "3"


async def test_a_subtree_page_finds_its_ids_in_one_index(db: str) -> None:
    """A reseller's page picks its ids (paginate's `ids_first`) from the subtree's entries
    of idx_organization_subtree_page, which holds every column the pick needs."""
    if database.dialect_of(db) != "postgres":
        # SQLite, without statistics, prefers the equality on `kind` of a table this small.
        pytest.skip("the plan measured is PostgreSQL's (bench/RESULTS.md)")
    from domain.scope import subtree

    master = await factories.master()
    reseller = await factories.organization(OrganizationKind.RESELLER, master)
    for _ in range(3):
        await factories.organization(OrganizationKind.CUSTOMER, reseller)
    picked = (
        Organization.filter(**subtree(reseller.path), kind=OrganizationKind.CUSTOMER)
        .order_by("-created_at", "-id")
        .limit(101)
        .values("id")
        .sql(params_inline=True)
    )

    plan = await _plan(db, picked)

    assert "idx_organization_subtree_page" in plan, plan
