"""The README's Configuration table is the one settings.py's declarations generate, and
`tenantry settings-table` is how it is regenerated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import settings_table
from cli import main
from settings import declared_variables

README = Path(__file__).resolve().parent.parent / "README.md"
REGENERATE = ".venv/bin/tenantry settings-table --readme README.md"


def test_the_readme_configuration_table_is_the_generated_one() -> None:
    readme = README.read_text(encoding="utf-8")

    documented = settings_table.readme_settings_table(readme)

    assert documented == settings_table.settings_table(), (
        f"README.md's Configuration table differs from settings.py: run `{REGENERATE}`"
    )


def test_the_table_has_one_row_per_declared_variable_with_its_default() -> None:
    rows = {
        match[0]: (match[1], match[2])
        for match in re.findall(
            r"^\| `([A-Z0-9_]+)` \| (.*?) \| (.*) \|$",
            settings_table.settings_table(),
            flags=re.MULTILINE,
        )
    }
    declared = {variable.name: field for field, variable in declared_variables()}

    assert set(declared) <= set(rows)
    assert rows["BCRYPT_ROUNDS"] == ("`12`", "bcrypt cost (4\N{EN DASH}16)")
    assert rows["TRUSTED_DOCUMENTS_ONLY"][0] == "`false`"
    assert rows["METRICS_TOKEN"][0] == "none"
    assert rows["WEBHOOK_DISABLE_AFTER_SECONDS"][0] == "`259200` (3 days)"
    # Every `{bounds}` and `{default}` was filled in.
    assert not [row for row in rows.values() if "{" in row[0] + row[1]]


def test_settings_table_prints_the_table_and_writes_it_into_a_readme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "README.md"
    stale.write_text(
        "# Title\n\n## Configuration\n\nSome words.\n\n| variable | default | meaning |\n"
        "|---|---|---|\n| `GONE` | none | an old row |\n\n## Next\n\nkept\n",
        encoding="utf-8",
    )

    printed = main(["settings-table"])
    output = capsys.readouterr().out
    written = main(["settings-table", "--readme", str(stale)])

    assert (printed, written) == (0, 0)
    assert output == settings_table.settings_table()
    assert stale.read_text(encoding="utf-8") == (
        "# Title\n\n## Configuration\n\nSome words.\n\n"
        + settings_table.settings_table()
        + "\n## Next\n\nkept\n"
    )
