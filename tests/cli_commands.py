"""The `tenantry` subcommands, read from cli.py's own parser: what docs and deployment
files may name."""

from __future__ import annotations

import argparse

from cli import _parser


def tenantry_subcommands() -> set[str]:
    (commands,) = [
        action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction)
    ]
    return set(commands.choices)
