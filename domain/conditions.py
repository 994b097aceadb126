"""Conditions on a table's rows, written once and rendered two ways: as a Tortoise `Q` for
querysets, and as SQL (through pypika, with the database's own placeholders) for
hand-written statements.

The visibility rules (domain/scope.py) are built from these, so a queryset and a batch
read (domain/batches.py) cannot disagree on what a rule lets through. The vocabulary is
only what those rules need: a column equal to a value, a path inside a subtree, a column
among the values a subquery selects, a column not null, and "all of" / "any of".
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast
from uuid import UUID

from pypika_tortoise.queries import Query, Table
from pypika_tortoise.terms import Criterion, Term, ValueWrapper
from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from database import Param, render


@dataclass(frozen=True)
class Condition:
    """A rule as SQL for one database kind: `sql` with that database's placeholders, and
    `params` in their order. The text depends only on the rule's shape (the kind of actor)
    and the alias, never on its values, so statements built on it can be cached by it."""

    sql: str
    params: tuple[Any, ...] = ()


class RowCondition:
    """A condition on the rows of one table."""

    def q(self) -> Q:
        """The condition as a Tortoise filter on the table's model."""
        raise NotImplementedError

    def rows(self, model: type[Model]) -> QuerySet[Any]:
        """The model's rows that meet the condition."""
        return model.all() if isinstance(self, Everything) else model.filter(self.q())

    def sql(self, alias: str, dialect: str) -> Condition:
        """The condition as SQL on the table aliased `alias`."""
        values: list[Any] = []
        text, order = _render(self._blank(values), alias, dialect)
        return Condition(text, tuple(_db_value(values[cast(int, i)]) for i in order))

    def criterion(self, table: Table) -> Criterion:
        """The condition as a pypika criterion on `table`."""
        raise NotImplementedError

    def _blank(self, values: list[Any]) -> RowCondition:
        """This condition with each value replaced by a `Param` numbering it in `values`."""
        raise NotImplementedError


def _slot(value: Any, values: list[Any]) -> Param:
    values.append(value)
    return Param(len(values) - 1)


def _db_value(value: Any) -> Any:
    # As Tortoise stores a UUID on SQLite; asyncpg takes the same text for a uuid parameter.
    return str(value) if isinstance(value, UUID) else value


@cache
def _render(blank: RowCondition, alias: str, dialect: str) -> tuple[str, tuple[Hashable, ...]]:
    """The SQL text of a blank condition, and which value each placeholder takes, in order.
    The outer table is named by its alias only: the statement that embeds the condition
    declares it (`FROM membership m`)."""
    return render(blank.criterion(Table("_", alias=alias)), dialect)


def _constant(value: int) -> Term:
    return ValueWrapper(value, allow_parametrize=False)


@dataclass(frozen=True)
class Everything(RowCondition):
    def q(self) -> Q:
        return Q()

    def criterion(self, table: Table) -> Criterion:
        return _constant(1) == _constant(1)

    def _blank(self, values: list[Any]) -> RowCondition:
        return self


@dataclass(frozen=True)
class Nothing(RowCondition):
    def q(self) -> Q:
        return Q(pk__in=[])

    def criterion(self, table: Table) -> Criterion:
        return _constant(1) == _constant(0)

    def _blank(self, values: list[Any]) -> RowCondition:
        return self


EVERYTHING = Everything()
NOTHING = Nothing()


@dataclass(frozen=True)
class Equals(RowCondition):
    column: str
    value: Any

    def q(self) -> Q:
        return Q(**{self.column: self.value})

    def criterion(self, table: Table) -> Criterion:
        return table.field(self.column) == ValueWrapper(self.value)

    def _blank(self, values: list[Any]) -> RowCondition:
        return replace(self, value=_slot(self.value, values))


@dataclass(frozen=True)
class NotNull(RowCondition):
    column: str

    def q(self) -> Q:
        is_set: dict[str, Any] = {f"{self.column}__not_isnull": True}
        return Q(**is_set)

    def criterion(self, table: Table) -> Criterion:
        return table.field(self.column).notnull()

    def _blank(self, values: list[Any]) -> RowCondition:
        return self


def subtree_bounds(path: str) -> tuple[str, str]:
    """(low, high): the subtree at `path`, itself included, is every path p with
    low <= p < high.

    A byte-order range on an indexed column: every path inside the subtree sorts between
    `path` and the same string with its final "/" raised to "0", and nothing else does.
    (Paths are compared in byte order: SQLite's default, PostgreSQL's COLLATE "C".)
    """
    return path, path[:-1] + "0"


@dataclass(frozen=True)
class InSubtree(RowCondition):
    """The path in `column` is the subtree's root or below it (one range on an index)."""

    column: str
    low: Any
    high: Any

    @classmethod
    def at(cls, column: str, path: str) -> InSubtree:
        return cls(column, *subtree_bounds(path))

    def q(self) -> Q:
        return Q(**{f"{self.column}__gte": self.low, f"{self.column}__lt": self.high})

    def criterion(self, table: Table) -> Criterion:
        field = table.field(self.column)
        return (field >= ValueWrapper(self.low)) & (field < ValueWrapper(self.high))

    def _blank(self, values: list[Any]) -> RowCondition:
        return replace(self, low=_slot(self.low, values), high=_slot(self.high, values))


@dataclass(frozen=True)
class Among(RowCondition):
    """The value in `column` is one of the `selected` column of the `model`'s rows (in
    table `table`) that meet `where`."""

    column: str
    model: type[Model]
    table: str
    where: RowCondition
    selected: str = "id"

    def q(self) -> Q:
        chosen = self.where.rows(self.model).values(self.selected)
        among: dict[str, Any] = {f"{self.column}__in": Subquery(chosen)}
        return Q(**among)

    def criterion(self, table: Table) -> Criterion:
        inner = Table(self.table)
        chosen = Query.from_(inner).select(inner.field(self.selected))
        if not isinstance(self.where, Everything):
            chosen = chosen.where(self.where.criterion(inner))
        return table.field(self.column).isin(chosen)

    def _blank(self, values: list[Any]) -> RowCondition:
        return replace(self, where=self.where._blank(values))


@dataclass(frozen=True)
class AllOf(RowCondition):
    parts: tuple[RowCondition, ...]

    def q(self) -> Q:
        return Q(*(part.q() for part in self.parts))

    def criterion(self, table: Table) -> Criterion:
        first, *rest = (part.criterion(table) for part in self.parts)
        for criterion in rest:
            first &= criterion
        return first

    def _blank(self, values: list[Any]) -> RowCondition:
        return AllOf(tuple(part._blank(values) for part in self.parts))


@dataclass(frozen=True)
class AnyOf(RowCondition):
    parts: tuple[RowCondition, ...]

    def q(self) -> Q:
        return Q(*(part.q() for part in self.parts), join_type=Q.OR)

    def criterion(self, table: Table) -> Criterion:
        first, *rest = (part.criterion(table) for part in self.parts)
        for criterion in rest:
            first |= criterion
        return first

    def _blank(self, values: list[Any]) -> RowCondition:
        return AnyOf(tuple(part._blank(values) for part in self.parts))


def all_of(*parts: RowCondition) -> RowCondition:
    """Every part holds."""
    if any(isinstance(part, Nothing) for part in parts):
        return NOTHING
    kept = tuple(part for part in parts if not isinstance(part, Everything))
    return kept[0] if len(kept) == 1 else AllOf(kept) if kept else EVERYTHING


def any_of(*parts: RowCondition) -> RowCondition:
    """At least one part holds."""
    if any(isinstance(part, Everything) for part in parts):
        return EVERYTHING
    kept = tuple(part for part in parts if not isinstance(part, Nothing))
    return kept[0] if len(kept) == 1 else AnyOf(kept) if kept else NOTHING
