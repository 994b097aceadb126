"""`tenantry serve --workers 2`: every scrape adds up the counts of both processes."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import Server, free_port, run_cli, serve

ROOT = Path(__file__).resolve().parent.parent
QUERY = {"query": "query ProcessCount { viewer { role } }"}
REQUESTS = 24


def _counted(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "tenantry_graphql_requests_total" and sample.labels == {
                "operation": "ProcessCount",
                "outcome": "UNAUTHENTICATED",
            }:
                return sample.value
    return 0.0


def _serve_two(env: dict[str, str], cwd: Path) -> AbstractContextManager[Server]:
    """`tenantry serve --workers 2`, its output in `serve.log` of `cwd`."""
    return serve("--workers", "2", cwd=cwd, env=env, log=cwd / "serve.log")


def _log_tail(cwd: Path) -> str:
    return (cwd / "serve.log").read_text()[-2000:]


def test_scrapes_add_up_every_worker_process(fresh_database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": fresh_database_url, "PYTHONPATH": str(ROOT)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with _serve_two(env, tmp_path) as server:
        for _ in range(REQUESTS):
            # A connection each: the kernel hands new connections to either process.
            httpx.post(server.graphql, json=QUERY, timeout=10)
        scrapes = [
            _counted(httpx.get(f"{server.origin}/metrics", timeout=10).text) for _ in range(6)
        ]

    assert scrapes == [REQUESTS] * 6, _log_tail(tmp_path)


def test_an_operators_folder_is_emptied_at_start_and_kept(
    fresh_database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"left by the last run, unreadable")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    with _serve_two(env, tmp_path) as server:
        httpx.post(server.graphql, json=QUERY, timeout=10)
        scraped = httpx.get(f"{server.origin}/metrics", timeout=10)

    assert scraped.status_code == 200, _log_tail(tmp_path)
    assert _counted(scraped.text) == 1
    assert not (folder / "counter_99999.db").exists()
    assert folder.is_dir()  # the operator's folder stays


def test_a_folder_every_user_may_write_to_is_refused(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """Another user could plant a `counter_<pid>.db` link there and have it written through."""
    folder = tmp_path / "shared-metrics"
    folder.mkdir()
    folder.chmod(0o777)
    planted = folder / "counter_12345.db"
    planted.symlink_to(tmp_path / "victim")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "PYTHONPATH": str(ROOT),
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }

    result = run_cli(["serve", "--port", str(free_port())], cwd=tmp_path, env=env, timeout=30)

    assert result.returncode == 2, result.stderr
    assert "refusing to start: PROMETHEUS_MULTIPROC_DIR" in result.stderr
    assert "writable by every user" in result.stderr
    assert "Traceback" not in result.stderr
    assert planted.is_symlink()  # nothing in the folder was touched
