"""The adapters to library internals were read against the versions installed (and locked).

gql/fastpath/ leans on graphql-core's and Strawberry's internals, models/tortoise_internals.py
on Tortoise's and aerich's (tests/test_private_api_contract.py keeps them there). When the
lock file moves one of those libraries, this fails and names the adapter modules to re-read;
once they are checked against the new version (its changelog, the overridden methods'
source), update the adapter's `WRITTEN_FOR`.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest

import gql.fastpath
from models import tortoise_internals

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS: list[ModuleType] = [gql.fastpath, tortoise_internals]
# The top-level import name of each adapted distribution.
IMPORT_NAMES = {
    "graphql-core": "graphql",
    "strawberry-graphql": "strawberry",
    "tortoise-orm": "tortoise",
    "pypika-tortoise": "pypika_tortoise",
    "aerich": "aerich",
}
PINS = [(adapter, library) for adapter in ADAPTERS for library in adapter.WRITTEN_FOR]


def _modules_importing(adapter: ModuleType, library: str) -> list[str]:
    """The adapter's modules (files, relative to the repository) that import `library`."""
    origin = Path(adapter.__file__ or "")
    files = sorted(origin.parent.glob("*.py")) if origin.name == "__init__.py" else [origin]
    pattern = re.compile(rf"^\s*(from|import) {IMPORT_NAMES[library]}\b", re.MULTILINE)
    return [str(f.relative_to(ROOT)) for f in files if pattern.search(f.read_text())]


def _locked(library: str) -> set[str]:
    versions = set()
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        versions.update(re.findall(rf"^{re.escape(library)}==([^\s;]+)", text, re.MULTILINE))
    return versions


@pytest.mark.parametrize(
    ("adapter", "library"), PINS, ids=[f"{a.__name__}-{lib}" for a, lib in PINS]
)
def test_the_adapter_was_written_for_the_installed_version(
    adapter: ModuleType, library: str
) -> None:
    written_for = adapter.WRITTEN_FOR[library]
    modules = _modules_importing(adapter, library)
    assert modules, f"{adapter.__name__} pins {library} but none of its modules imports it"
    installed = version(library)
    assert {installed} | _locked(library) == {written_for}, (
        f"{library} is {installed} here (locked: {sorted(_locked(library))}), but "
        f"{adapter.__name__} was written for {written_for}: re-check {', '.join(modules)} "
        f"against {library} {installed}, then set WRITTEN_FOR[{library!r}] in "
        f"{adapter.__name__} to it."
    )


def test_every_adapted_library_is_pinned() -> None:
    """Each library an adapter imports has its version pinned there."""
    pinned = {(adapter, library) for adapter, library in PINS}
    for adapter in ADAPTERS:
        for library in IMPORT_NAMES:
            if _modules_importing(adapter, library):
                assert (adapter, library) in pinned, f"{adapter.__name__}: pin {library}"
