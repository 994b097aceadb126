"""The checkout the tests run in, as git sees it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def git_ignores(path: str) -> bool:
    """Whether .gitignore keeps `path` (relative to the checkout) out of commits."""
    git = shutil.which("git")
    assert git is not None, "the tests read .gitignore through git"
    ignored = subprocess.run(
        [git, "check-ignore", "--quiet", "--no-index", path], cwd=REPO_ROOT, check=False
    )
    return ignored.returncode == 0
