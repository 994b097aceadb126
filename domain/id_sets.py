"""Several id-selecting querysets as one subquery, `SELECT ... UNION ALL SELECT ...`.

`Q(id__in=a) | Q(id__in=b)` makes PostgreSQL test every row of the outer table against two
hashed subplans; `id IN (a UNION ALL b)` is one semi-join, which it plans from the two
small id sets outwards, each found by its own indexes. SQLite reads it the same way.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Term
from tortoise.expressions import Subquery
from tortoise.queryset import ValuesQuery


class UnionAll(Term):
    """The ids the querysets select (each selecting one column), duplicates kept: the
    value of a `field__in=` filter. Parameters go into the outer statement's list."""

    def __init__(self, *parts: ValuesQuery[Any]) -> None:
        super().__init__()
        if not parts:
            raise ValueError("UnionAll needs at least one queryset")
        self.parts = [Subquery(part) for part in parts]

    def get_sql(self, ctx: SqlContext) -> str:
        # Each SELECT bare (SQLite refuses parenthesised members of a compound SELECT);
        # the whole in parentheses where it is a subquery, as after IN.
        bare = ctx.copy(subquery=False)
        sql = " UNION ALL ".join(part.get_sql(bare) for part in self.parts)
        return f"({sql})" if ctx.subquery else sql
