"""docs/events.md's table of event types is the catalog (domain/events/catalog.py): every
action once, with its type and description, in the catalog's order."""

from __future__ import annotations

import re
from pathlib import Path

from domain.events.catalog import EVENT_OF_ACTION

DOC = Path(__file__).resolve().parent.parent / "docs" / "events.md"


def documented_rows() -> list[tuple[str, str, str]]:
    section = DOC.read_text(encoding="utf-8").split("## Event types", 1)[1]
    return [
        (match[1], match[2], match[3].strip())
        for match in re.finditer(
            r"^\| `([\w.]+)` \| `([\w.]+)` \| (.*) \|$", section, flags=re.MULTILINE
        )
    ]


def test_the_table_of_event_types_is_the_catalog() -> None:
    catalog = [(kind.name, action, kind.description) for action, kind in EVENT_OF_ACTION.items()]

    assert documented_rows() == catalog


def test_the_table_is_the_last_section_and_nothing_in_it_is_skipped() -> None:
    """A row the pattern above would not read (a typo in its backticks) is caught too."""
    section = DOC.read_text(encoding="utf-8").split("## Event types", 1)[1]
    assert "\n## " not in section
    table = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(table) == len(documented_rows()) == len(EVENT_OF_ACTION)
