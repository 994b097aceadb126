"""The README's Configuration table, generated from the declarations in settings.py.

`tenantry settings-table --readme README.md` writes it into the README;
tests/test_settings_table.py fails when the README's differs.
"""

from __future__ import annotations

import re
from dataclasses import Field
from typing import Any

import settings_parsers as parse
from settings import Variable, declared_variables

# Read by others than `load_settings`, documented with the settings: (variable, default
# shown, description).
READ_ELSEWHERE = (
    (
        "PROMETHEUS_MULTIPROC_DIR",  # ops/metrics.py, and prometheus_client itself
        "a temporary folder",
        "only with `serve --workers N`: where the processes keep their counts; emptied at "
        "start; refused when other users may write to it "
        "([operations](docs/operations.md#metrics))",
    ),
)


def _shown_default(declared: Field[Any], variable: Variable) -> str:
    value = declared.default
    if isinstance(value, bool):
        literal = "`true`" if value else "`false`"
    elif value is None:
        literal = "none"
    else:
        literal = f"`{value}`"
    return literal if variable.shown is None else variable.shown.format(default=literal)


def settings_table() -> str:
    """One row per variable, in declaration order, then those read elsewhere."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for declared, variable in declared_variables():
        bounds = variable.parse.bounds if isinstance(variable.parse, parse.Whole) else None
        doc = variable.doc.format(bounds=bounds)
        rows.append(f"| `{variable.name}` | {_shown_default(declared, variable)} | {doc} |")
    for name, shown, doc in READ_ELSEWHERE:
        rows.append(f"| `{name}` | {shown} | {doc} |")
    return "\n".join(rows) + "\n"


# The first table after the "## Configuration" heading: its lines all begin with "|".
_TABLE = re.compile(r"^## Configuration\n(?:[^|\n].*\n|\n)*?((?:\|.*\n)+)", re.MULTILINE)


def readme_settings_table(readme: str) -> str:
    """The Configuration table as the README has it."""
    found = _TABLE.search(readme)
    if found is None:
        raise ValueError("the README has no table under '## Configuration'")
    return found.group(1)


def with_settings_table(readme: str) -> str:
    """The README with its Configuration table replaced by the generated one."""
    found = _TABLE.search(readme)
    if found is None:
        raise ValueError("the README has no table under '## Configuration'")
    return readme[: found.start(1)] + settings_table() + readme[found.end(1) :]
