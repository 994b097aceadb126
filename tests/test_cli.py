"""The `tenantry` command line, run as a real process against a fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from domain.bootstrap import bootstrap
from gql.schema import export_sdl
from models import Membership, Organization, User
from models.enums import OrganizationKind, Role
from settings import Settings
from tests.processes import CLI, run, run_cli


def tenantry(database_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "BCRYPT_ROUNDS": "4"}
    return run_cli(
        args, cwd=cwd, env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    )


def test_the_installed_command_runs_from_any_folder(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """`scripts/run` calls `.venv/bin/tenantry`: the installed package must hold every
    module the command imports, with no PYTHONPATH pointing at the checkout."""
    command = Path(sys.executable).parent / "tenantry"
    assert command.exists(), "scripts/setup-env installs the project and its command"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}

    result = run(
        [str(command), "migrate"], cwd=tmp_path, env={**env, "DATABASE_URL": fresh_database_url}
    )

    assert result.returncode == 0, result.stderr


def test_schema_graphql_matches_the_code(repo_root: Path) -> None:
    committed = (repo_root / "schema.graphql").read_text(encoding="utf-8")

    assert export_sdl() == committed, "run `tenantry export-schema > schema.graphql`"


def test_export_schema_prints_the_sdl(fresh_database_url: str, tmp_path: Path) -> None:
    result = tenantry(fresh_database_url, "export-schema", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == export_sdl()


def test_migrate_brings_a_fresh_database_to_the_current_schema(
    fresh_database_url: str, tmp_path: Path
) -> None:
    first = tenantry(fresh_database_url, "migrate", cwd=tmp_path)
    second = tenantry(fresh_database_url, "migrate", cwd=tmp_path)
    check = tenantry(fresh_database_url, "makemigrations", "--check", cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "applied migration 0_" in first.stderr
    assert second.returncode == 0
    assert "applied migration" not in second.stderr
    assert check.returncode == 0, check.stdout + check.stderr


def test_bootstrap_twice_creates_one_master(fresh_database_url: str, tmp_path: Path) -> None:
    first = tenantry(fresh_database_url, "bootstrap", "--email", "Root@Example.com", cwd=tmp_path)
    second = tenantry(fresh_database_url, "bootstrap", "--email", "other@example.com", cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "created master organization" in first.stdout
    assert "generated password (shown once): " in first.stdout
    assert second.returncode == 0, second.stderr
    assert "already bootstrapped" in second.stdout
    assert "nothing changed" in second.stdout


def test_bootstrap_refuses_a_weak_password(fresh_database_url: str, tmp_path: Path) -> None:
    result = tenantry(
        fresh_database_url,
        "bootstrap",
        "--email",
        "a@example.com",
        "--password",
        "short",
        cwd=tmp_path,
    )

    assert result.returncode == 2
    assert "at least 8 characters" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_configuration_is_reported_without_a_trace(tmp_path: Path) -> None:
    result = tenantry("mysql://nope", "migrate", cwd=tmp_path)

    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


async def test_bootstrap_creates_master_and_owner_once(settings: Settings) -> None:
    first = await bootstrap("Root@Example.com", None, settings=settings, name="Hosting Co")
    second = await bootstrap("other@example.com", "another-password", settings=settings)

    assert first.created
    assert first.generated_password
    assert not second.created
    assert second.organization.id == first.organization.id
    assert await Organization.filter(kind=OrganizationKind.MASTER).count() == 1
    assert [user.email for user in await User.all()] == ["root@example.com"]
    membership = await Membership.get().prefetch_related("user")
    assert membership.role == Role.OWNER
    assert membership.user.email == "root@example.com"


def test_concurrent_migrations_all_succeed(fresh_database_url: str, tmp_path: Path) -> None:
    """Several `serve` processes start at once in production; each migrates first."""
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    processes = [
        subprocess.Popen(
            [*CLI, "migrate"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(process.wait(timeout=120), process.communicate()) for process in processes]

    assert [code for code, _ in results] == [0, 0, 0], [err for _, (_, err) in results]
    applied = [err.count("applied migration") for _, (_, err) in results]
    assert sorted(applied) == [0, 0, len(list_migrations(fresh_database_url))]


def list_migrations(database_url: str) -> list[Path]:
    import database

    return sorted((database.migrations_location(database_url) / database.APP_LABEL).glob("*.py"))


def test_an_install_without_its_migrations_refuses_to_migrate(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """aerich alone reports success with no migration files, leaving a database without
    tables; an installation that lost its migrations folder says so instead."""
    empty = tmp_path / "no-migrations"
    empty.mkdir()
    run_without_migrations = (
        "import pathlib, sys; import database; "
        "database.MIGRATIONS_ROOT = pathlib.Path(sys.argv[1]); "
        "import cli; sys.exit(cli.main(['migrate']))"
    )
    result = run(
        [sys.executable, "-c", run_without_migrations, str(empty)],
        cwd=tmp_path,
        env={
            **os.environ,
            "DATABASE_URL": fresh_database_url,
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        },
    )

    assert result.returncode == 2
    assert "installation error: no migrations in" in result.stderr
    assert "Traceback" not in result.stderr
