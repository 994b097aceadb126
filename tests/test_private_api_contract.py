"""No private attribute of a third-party library is used outside its adapter.

What graphql-core, Strawberry, Tortoise ORM and aerich do not document can change in any
release; the code that leans on it lives in one place per library, so that an upgrade
means re-reading those modules only (and tests/test_adapter_versions.py says when):

- graphql-core and Strawberry: the package `gql/fastpath/`;
- Tortoise ORM, its query builder (pypika-tortoise) and aerich: the module
  `models/tortoise_internals.py`.

The check reads the project's own Python files (tests excluded: they may build a
resolver's info by hand) and finds:

1. any `x._name` whose `_name` the project does not define itself (as a function, a
   class, an attribute assigned or declared): a private attribute of someone else's object;
2. the internals below by name, wherever they appear (an attribute, a method that
   overrides one, a string given to getattr): some are private, some merely undocumented.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = ("gql/fastpath/", "models/tortoise_internals.py")
NOT_PROJECT_CODE = ("tests/", "migrations/")  # migrations are aerich's generated files
# (and hidden folders, .venv and node_modules, are not the project's either)

# Named internals, by library (each found in the code when this test was written).
INTERNALS = {
    "graphql-core": {
        # The executor's methods the planned execution overrides or calls.
        "execute_fields",
        "execute_field",
        "collect_subfields",
        "build_resolve_info",
        "complete_value",
        "complete_awaitable_value",
        "handle_field_error",
        "settle_in_background",
        "middleware_manager",
        "get_argument_values",
        "fragment_variable_values",
    },
    "strawberry-graphql": {
        "_schema",  # the executable schema behind strawberry.Schema
        "_raw_info",  # graphql-core's resolve info behind strawberry.Info
        "_field",
        "_process_errors",  # MaskErrors' internal step
        "_implements_resolve",
        "_field_definition",
        "StrawberryGraphQLCoreExecutionContext",
        "strawberry-definition",  # the key of a built field's Strawberry definition
        "is_basic_field",
        "base_resolver",
        "wrapped_func",
        "load_fn",  # a DataLoader's batch function and cache
        "cache_map",
    },
    "tortoise-orm": {
        "_meta",
        "_init_from_db",
        "_orderings",
        "_annotations",
        "_in_transaction",
        "_trxlock",
        "_connection",
        "_parent",
        "_pool",
        "_lock",
        "_template",
        "_finalized",
        "_saved_in_db",
        "_partial",
        "SqliteTransactionContext",
        "SqliteTransactionWrapper",
        "_make_query",  # the statement a query builds, before it runs
        "_choose_db_if_not_chosen",
        "_execute",
    },
    "pypika-tortoise": {"_groupbys", "_selects"},  # of the statement built
    "aerich": {"_upgrade"},
}
NAMED = {name: library for library, names in INTERNALS.items() for name in names}
# Python's own underscore API, public despite the underscore.
PUBLIC_UNDERSCORE = {"_fields", "_make", "_replace", "_asdict", "_field_defaults", "_missing_"}


def _project_files() -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NOT_PROJECT_CODE) or any(
            part.startswith(".") or part == "node_modules" for part in path.relative_to(ROOT).parts
        ):
            continue
        files.append(path)
    return files


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_names(trees: dict[str, ast.Module]) -> set[str]:
    """Private names the project defines itself (functions, classes, attributes)."""
    defined: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defined.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
            elif isinstance(node, ast.arg):
                defined.add(node.arg)  # a dataclass field given by keyword is an argument
    # An override defines nothing of ours: the library's name stays the library's.
    return {name for name in defined if _is_private(name)} - set(NAMED)


def _own_attributes(tree: ast.Module) -> set[int]:
    """The `self._x` reads of a class that assigns `self._x` itself (its own `_lock`, not
    Tortoise's), by node id."""
    own: set[int] = set()
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        reads = [n for n in ast.walk(cls) if isinstance(n, ast.Attribute) and _on_self(n)]
        assigned = {n.attr for n in reads if isinstance(n.ctx, ast.Store)}
        own.update(id(n) for n in reads if n.attr in assigned)
    return own


def _on_self(node: ast.Attribute) -> bool:
    return isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")


def _uses(path: str, tree: ast.Module, defined: set[str]) -> Iterator[str]:
    own = _own_attributes(tree)
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute):
            name = node.attr
            if id(node) in own:
                continue
            if name in NAMED:
                yield f"{where}: .{name} ({NAMED[name]})"
            elif _is_private(name) and name not in defined and name not in PUBLIC_UNDERSCORE:
                yield f"{where}: .{name} (not defined by the project: a library's private)"
        elif isinstance(node, ast.Name | ast.alias):
            name = node.id if isinstance(node, ast.Name) else node.name.rpartition(".")[2]
            if name in NAMED and not _is_private(name):
                yield f"{where}: {name} ({NAMED[name]})"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # Only methods override: a module's own `_connection()` is its own.
            if node.name in NAMED and _is_private(node.name) and _in_class(tree, node):
                yield f"{where}: def {node.name} overrides {NAMED[node.name]}'s"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value
            if name in NAMED or (_is_private(name) and _given_to_getattr(tree, node)):
                yield f"{where}: {name!r} ({NAMED.get(name, 'a private attribute by name')})"


def _in_class(tree: ast.Module, function: ast.AST) -> bool:
    return any(isinstance(node, ast.ClassDef) and function in node.body for node in ast.walk(tree))


def _given_to_getattr(tree: ast.Module, constant: ast.Constant) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and constant in node.args:
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            if name in ("getattr", "setattr", "hasattr", "delattr", "__setattr__"):
                return True
    return False


def _violations() -> list[str]:
    trees = {
        str(path.relative_to(ROOT)): ast.parse(path.read_text(), str(path))
        for path in _project_files()
    }
    defined = _defined_names(trees)
    return [
        use
        for path, tree in sorted(trees.items())
        if not path.startswith(ADAPTERS)
        for use in _uses(path, tree, defined)
    ]


def test_no_private_third_party_attribute_outside_the_adapters() -> None:
    violations = _violations()
    assert violations == [], (
        "Library internals outside their adapter (gql/fastpath/ for graphql-core and "
        "Strawberry, models/tortoise_internals.py for Tortoise and aerich): move the use "
        "there, behind a function, or use a public API.\n" + "\n".join(violations)
    )


def test_the_check_finds_each_kind_of_use(tmp_path: Path) -> None:
    """The check is not blind: each way a private can be used is reported."""
    source = (
        "class Context(Base):\n"
        "    def _process_errors(self, errors): ...\n"
        "schema._schema\n"
        "Model._meta.fields_map\n"
        "client._something_else\n"
        "class Own:\n"
        "    def __init__(self): self._lock = None\n"
        "class Subclass(SqliteClient):\n"
        "    def locked(self): return self._lock.locked()\n"
        "getattr(client, '_pool', None)\n"
        "definition = field.extensions['strawberry-definition']\n"
        "from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext\n"
    )
    tree = ast.parse(source)
    found = list(_uses("example.py", tree, defined=set()))
    assert not any("example.py:7:" in use for use in found), found  # Own's own _lock
    for expected in (
        "def _process_errors",
        "._schema",
        "._meta",
        "._something_else",
        "example.py:9: ._lock",
        "'_pool'",
        "'strawberry-definition'",
        "StrawberryGraphQLCoreExecutionContext (strawberry-graphql)",
    ):
        assert any(expected in use for use in found), (expected, found)


def test_the_check_reads_the_code_and_the_adapters_exist() -> None:
    read = {path.relative_to(ROOT).as_posix() for path in _project_files()}
    assert {"domain/batches.py", "gql/schema/relay.py", "sqlite_backend.py"} <= read
    assert not any(path.startswith(("tests/", ".venv/")) for path in read)
    for adapter in ADAPTERS:
        assert (ROOT / adapter).exists(), adapter
