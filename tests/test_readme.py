"""The README works as written: its GraphQL examples are valid against the schema (and
generate TypeScript types with graphql-codegen, as a frontend would), its commands exist,
and it points at nothing outside the repository."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse, validate

from gql.schema import build_schema
from settings import load_settings
from tests.cli_commands import tenantry_subcommands
from tests.repository import git_ignores

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CODEGEN = REPO_ROOT / ".ci" / "codegen"
CODEGEN_BIN = CODEGEN / "node_modules" / ".bin" / "graphql-codegen"


def fenced_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


GRAPHQL_BLOCKS = fenced_blocks(README, "graphql")


def operation_names(block: str) -> list[str | None]:
    return [
        definition.name.value if definition.name else None
        for definition in parse(block).definitions
        if isinstance(definition, OperationDefinitionNode)
    ]


def test_the_readme_has_graphql_examples() -> None:
    assert len(GRAPHQL_BLOCKS) >= 5


@pytest.mark.parametrize("block", GRAPHQL_BLOCKS, ids=lambda b: b.split("{")[0].strip() or "?")
def test_every_graphql_example_is_valid_against_the_schema(block: str) -> None:
    schema = build_schema()._schema

    errors = validate(schema, parse(block))

    assert errors == [], [error.message for error in errors]


def test_every_graphql_example_is_a_named_operation_of_its_own_name() -> None:
    """Named, so GraphiQL can run any of a block's operations and codegen can type each."""
    names = [name for block in GRAPHQL_BLOCKS for name in operation_names(block)]

    assert None not in names
    assert len(names) == len(set(names)), names


@pytest.mark.skipif(
    not CODEGEN_BIN.exists() and not os.environ.get("CI"),
    reason="graphql-codegen is not installed (.ci/run runs `npm ci` in .ci/codegen)",
)
def test_graphql_codegen_types_every_readme_operation(tmp_path: Path) -> None:
    operations = tmp_path / "operations"
    operations.mkdir()
    for number, block in enumerate(GRAPHQL_BLOCKS):
        (operations / f"readme_{number}.graphql").write_text(block, encoding="utf-8")
    output = tmp_path / "types.ts"

    result = subprocess.run(
        [str(CODEGEN_BIN), "--config", str(CODEGEN / "codegen.cjs")],
        cwd=CODEGEN,
        env={**os.environ, "CODEGEN_OPERATIONS": str(operations), "CODEGEN_OUTPUT": str(output)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    generated = output.read_text(encoding="utf-8")
    # The scalars are mapped (strictScalars would have failed otherwise), and each operation
    # has its result type.
    assert "DateTime: { input: string; output: string; }" in generated
    assert "JSON: { input: unknown; output: unknown; }" in generated
    for block in GRAPHQL_BLOCKS:
        for name in operation_names(block):
            assert re.search(rf"export type {name}(Query|Mutation) = ", generated), name


# Paths of this machine or of a checkout's neighbours: a reader's clone has none of them.
OUTSIDE_PATHS = re.compile(r"\.\./|/work/|/tmp/|/home/|/Users/|/root/")


@pytest.mark.parametrize(
    "document", ["README.md", *sorted(p.name for p in (REPO_ROOT / "docs").glob("*.md"))]
)
def test_the_docs_point_at_nothing_outside_the_repository(document: str) -> None:
    path = REPO_ROOT / document if document == "README.md" else REPO_ROOT / "docs" / document
    assert OUTSIDE_PATHS.findall(path.read_text(encoding="utf-8")) == []


def test_every_repository_file_the_readme_names_exists() -> None:
    named = set(
        re.findall(
            r"`((?:scripts|docs|\.ci|bench)/[\w./-]+|[\w-]+\.(?:md|yaml|toml)|Dockerfile)", README
        )
    )
    named |= set(re.findall(r"\]\(((?:docs/)[\w./-]+)\)", README))

    # What a run leaves (the browser test's screenshot) is named but ignored by git.
    missing = sorted(
        path for path in named if not (REPO_ROOT / path).exists() and not git_ignores(path)
    )

    assert missing == []


def test_every_tenantry_command_the_readme_shows_is_a_real_one() -> None:
    """`tenantry X` and `.venv/bin/tenantry X`, inline or in a block, name a subcommand."""
    subcommands = tenantry_subcommands()
    shown = set(re.findall(r"(?:^|[\s`(/])tenantry ([a-z][\w-]*)", README, flags=re.MULTILINE))

    assert shown, "the README shows tenantry commands"
    assert shown <= subcommands, shown - subcommands


def test_every_shell_command_runs_from_the_checkout_as_written() -> None:
    """Each command of a ```sh block is a script of the repository, the virtualenv's
    command, or a common tool: never a bare `tenantry`, which is on PATH only once the
    virtualenv is activated."""
    tools = {"curl", "docker", "python3", "source", "export", "cp", "cd"}
    for block in fenced_blocks(README, "sh"):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"^\w+=\$\(", "", line)  # VAR=$(command ...): the command counts
            words = [w for w in shlex.split(line, comments=True) if not re.match(r"^\w+=", w)]
            if not words or words[0].startswith("|"):
                continue
            command = words[0]
            if command.startswith(("scripts/", ".venv/bin/")):
                assert (REPO_ROOT / command).exists() or command.startswith(".venv/"), command
            else:
                assert command in tools, line


class _RecordingEnvironment(dict[str, str]):
    """An empty environment that remembers every variable the settings look up."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def get(self, key: str, default: object = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    environment = _RecordingEnvironment()
    load_settings(environment)
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)`", table, flags=re.MULTILINE))

    assert len(environment.read) > 30, "the recording environment saw the settings' reads"
    assert sorted(environment.read - documented) == []
