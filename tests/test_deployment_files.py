"""The Dockerfile and compose.yaml, checked without a container engine (CI has none):
parsed, and held to what a deployment relies on."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from settings import load_settings
from tests.api import Api
from tests.cli_commands import tenantry_subcommands

REPO_ROOT = Path(__file__).resolve().parent.parent
TENANTRY_SERVICES = {"migrate", "serve", "worker", "scheduler"}


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), one list per stage."""
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    stages: list[list[tuple[str, str]]] = []
    for line in joined.splitlines():
        if not line.strip():
            continue
        instruction, _, arguments = line.strip().partition(" ")
        if instruction.upper() == "FROM":
            stages.append([])
        stages[-1].append((instruction.upper(), " ".join(arguments.split())))
    return stages


def arguments_of(stage: list[tuple[str, str]], instruction: str) -> list[str]:
    return [arguments for name, arguments in stage if name == instruction]


def exec_form(arguments: str) -> list[str]:
    words: list[str] = json.loads(arguments)
    return words


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO_ROOT / "compose.yaml").read_text("utf-8"))
    return loaded


def interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}` with `given` values."""

    def one(match: re.Match[str]) -> str:
        name, operator, word = match.group(1), match.group(2), match.group(3) or ""
        if name in given:
            return given[name]
        if operator == ":?":
            raise KeyError(f"{name} is required: {word}")
        return word if operator == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def test_the_image_is_built_in_two_stages_from_the_wheel() -> None:
    builder, runtime = dockerfile_stages()

    assert arguments_of(builder, "FROM")[0].endswith(" AS builder")
    assert any("pip wheel" in run and "--no-deps" in run for run in arguments_of(builder, "RUN"))
    assert arguments_of(runtime, "FROM")[0].startswith("python:3.11-slim ")
    assert any(copy.startswith("--from=builder ") for copy in arguments_of(runtime, "COPY"))


def test_the_runtime_installs_the_locked_dependencies_with_hashes_then_the_wheel() -> None:
    runtime = dockerfile_stages()[-1]
    runs = arguments_of(runtime, "RUN")

    locked = [
        i for i, run in enumerate(runs) if "--require-hashes -r /tmp/requirements.lock" in run
    ]
    wheel = [i for i, run in enumerate(runs) if re.search(r"--no-deps \S*tenantry-\*\.whl", run)]
    assert locked
    assert wheel
    assert locked[0] < wheel[0]
    assert any(copy.startswith("requirements.lock ") for copy in arguments_of(runtime, "COPY"))
    # No development tools in the image.
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "requirements-dev" not in dockerfile
    assert "[dev]" not in dockerfile


def test_the_runtime_runs_as_an_unprivileged_user() -> None:
    runtime = dockerfile_stages()[-1]
    instructions = [name for name, _ in runtime]

    users = arguments_of(runtime, "USER")
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    # Everything after the USER line runs as that user, the entry point included.
    assert instructions.index("USER") < instructions.index("ENTRYPOINT")
    assert not any(name == "RUN" for name in instructions[instructions.index("USER") :])


def test_the_entry_point_is_tenantry_and_the_default_command_a_real_one() -> None:
    runtime = dockerfile_stages()[-1]

    assert exec_form(arguments_of(runtime, "ENTRYPOINT")[-1]) == ["tenantry"]
    assert exec_form(arguments_of(runtime, "CMD")[-1])[0] in tenantry_subcommands()


def test_the_image_checks_readiness() -> None:
    (healthcheck,) = arguments_of(dockerfile_stages()[-1], "HEALTHCHECK")

    assert "/readyz" in healthcheck
    assert "CMD " in healthcheck


def test_the_build_context_leaves_local_state_out() -> None:
    ignored = set((REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split())

    assert {".git", ".venv", "*.sqlite3", "build", "tests"} <= ignored
    assert "README.md" not in ignored  # pyproject.toml's readme: the build needs it


def test_compose_runs_the_whole_stack(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"postgres", "redis"} | TENANTRY_SERVICES


@pytest.mark.parametrize("service", sorted(TENANTRY_SERVICES))
def test_each_tenantry_service_runs_a_real_subcommand(
    compose: dict[str, Any], service: str
) -> None:
    command = compose["services"][service]["command"]

    assert command[0] in tenantry_subcommands()
    assert command[0] == service


@pytest.mark.parametrize("service", ["postgres", "redis", "serve"])
def test_long_running_services_have_health_checks(compose: dict[str, Any], service: str) -> None:
    healthcheck = compose["services"][service]["healthcheck"]

    assert healthcheck["test"][0] in ("CMD", "CMD-SHELL")
    assert not healthcheck.get("disable")


def test_serve_is_healthy_only_when_ready(compose: dict[str, Any]) -> None:
    assert "/readyz" in " ".join(compose["services"]["serve"]["healthcheck"]["test"])


def test_services_start_in_order(compose: dict[str, Any]) -> None:
    services = compose["services"]

    def conditions(service: str) -> dict[str, str]:
        return {name: rule["condition"] for name, rule in services[service]["depends_on"].items()}

    assert conditions("migrate") == {"postgres": "service_healthy"}
    assert services["migrate"]["restart"] == "no"  # one-shot: it runs once and exits
    for service in ("serve", "worker", "scheduler"):
        assert conditions(service)["migrate"] == "service_completed_successfully"
        assert conditions(service)["redis"] == "service_healthy"


def test_compose_requires_a_secret_key(compose: dict[str, Any]) -> None:
    for service in TENANTRY_SERVICES:
        environment = compose["services"][service]["environment"]
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        with pytest.raises(KeyError, match="SECRET_KEY is required"):
            interpolate(environment["SECRET_KEY"], {})


def test_compose_settings_are_a_valid_production_configuration(compose: dict[str, Any]) -> None:
    """Every variable compose sets is one Tenantry reads (and the README documents), and
    together, with only SECRET_KEY given, they load as a production configuration."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE))
    given = {"SECRET_KEY": "k" * 40}

    for service in TENANTRY_SERVICES:
        raw = compose["services"][service]["environment"]
        assert set(raw) <= documented, set(raw) - documented
        environment = {name: interpolate(str(value), given) for name, value in raw.items()}
        settings = load_settings(environment)
        assert settings.production
        assert settings.database_url.startswith("postgres://")
        assert settings.broker_url == "redis://redis:6379/0"


def test_the_readme_production_section_uses_the_image_and_compose() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    production = readme.split("## Production", 1)[1].split("\n## ", 1)[0]

    assert "docker compose up" in production
    assert "docker build" in production
    assert "docs/deploy.md" in production
    for line in production.splitlines():
        if line.startswith(("docker ", "SECRET_KEY=")):
            shlex.split(line)  # a command a shell can read


def test_ci_builds_the_image_where_an_engine_answers_and_says_so_where_none_does() -> None:
    """The issue's rule for CI: build the image when docker is usable, otherwise lint it
    (this file) and say so in the log."""
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    base = re.search(r"^FROM (\S+)", (REPO_ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert base is not None

    usable = re.search(r"^if (docker info .*); then\n(.*?)\nelse\n(.*?)\nfi$", ci, re.S | re.M)
    assert usable, "a .ci/run section builds the image only when docker answers"
    condition, build, otherwise = usable.groups()
    assert f"docker pull -q {base.group(1)}" in condition  # CI may reach no image registry
    assert re.search(r"docker build .*\.$", build, re.M)
    assert "echo" in otherwise
    assert "tests/test_deployment_files.py" in otherwise


async def test_the_probe_the_health_checks_ask_is_served(api: Api) -> None:
    """The image's HEALTHCHECK and compose's serve check ask /readyz: a route the app has."""
    response = await api.client.get("/readyz")

    assert response.status_code == 200, response.text
