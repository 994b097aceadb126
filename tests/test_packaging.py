"""The built wheel carries what an installation needs on its own: the migrations of both
database kinds. (scripts/check-wheel, run by CI, installs the wheel and serves from it.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Never part of a build's input: a stale build/ folder would hand setuptools files the
# repository no longer has (or lacks), and the rest is local state.
PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check"]
REPO_ROOT = Path(__file__).resolve().parent.parent
_NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "node_modules", ".*_cache"
)


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The names inside a wheel built from a clean copy of the source (built once)."""
    source = tmp_path_factory.mktemp("source") / "tenantry"
    shutil.copytree(REPO_ROOT, source, ignore=_NOT_SOURCE)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP_WHEEL, "--no-deps", "-w", str(dist), str(source)],
        check=True,
        timeout=300,
    )
    (wheel,) = dist.glob("tenantry-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_the_wheel_ships_every_migration_of_each_database_kind(
    wheel_files: set[str], repo_root: Path, dialect: str
) -> None:
    folder = repo_root / "migrations" / dialect / "models"
    in_repository = {path.relative_to(repo_root).as_posix() for path in folder.glob("*.py")}

    assert in_repository, f"the repository has no {dialect} migrations"
    assert in_repository <= wheel_files


def test_the_wheel_ships_the_modules_the_command_imports(wheel_files: set[str]) -> None:
    # Every top-level module (pyproject.toml's py-modules must name each one).
    modules = {path.name for path in REPO_ROOT.glob("*.py")}

    assert {"cli.py", "settings.py", "settings_parsers.py"} <= modules
    assert sorted(modules - wheel_files) == []
    assert "tests/conftest.py" not in wheel_files
