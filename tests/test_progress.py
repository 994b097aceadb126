"""Progress bars: drawn on a terminal, absent when the output goes anywhere else."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import database
from domain.demo import CUSTOMERS
from tests.processes import run_cli

ROOT = Path(__file__).resolve().parent.parent


def _environ(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "BCRYPT_ROUNDS": "4",
    }


def on_terminal(database_url: str, cwd: Path, *args: str, module: str = "cli") -> tuple[int, str]:
    """Run `tenantry ARGS` (or `python -m MODULE ARGS`) with stderr on a pseudo-terminal;
    its exit code and what it drew."""
    controller, terminal = pty.openpty()
    # A terminal of 120 columns (a new pseudo-terminal has none, and bars fit its width).
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=_environ(database_url),
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    drawn = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        drawn += chunk
    os.close(controller)
    return process.wait(timeout=120), drawn.decode(errors="replace")


def piped(database_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(args, cwd=cwd, env=_environ(database_url))


def test_migrate_and_demo_draw_progress_on_a_terminal(
    fresh_database_url: str, tmp_path: Path
) -> None:
    code, migrate = on_terminal(fresh_database_url, tmp_path, "migrate")
    demo_code, demo = on_terminal(fresh_database_url, tmp_path, "demo")

    assert code == 0, migrate
    assert "migrations: " in migrate
    # The bar ends at the number of migrations this database kind has.
    count = len(list(database.migrations_location(fresh_database_url).glob("models/*.py")))
    assert f"migrations: {count}migration" in migrate.replace(" [", "")
    assert demo_code == 0, demo
    assert "demo customers: 100%" in demo
    assert f"{CUSTOMERS}/{CUSTOMERS}" in demo


def test_nothing_is_drawn_off_a_terminal(fresh_database_url: str, tmp_path: Path) -> None:
    migrate = piped(fresh_database_url, tmp_path, "migrate")
    demo = piped(fresh_database_url, tmp_path, "demo")

    assert migrate.returncode == 0
    assert demo.returncode == 0
    for output in (migrate.stderr, demo.stderr, demo.stdout):
        assert "migrations: " not in output
        assert "demo customers" not in output
        assert "\r" not in output
