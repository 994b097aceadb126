"""The SQL statements Tortoise's database clients send, read off their debug log.

One recorder serves the tests that count statements per request and bench/explain.py,
which replays them under EXPLAIN: both need every statement the block sent, with its
parameters, in order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Statement = tuple[str, list[Any]]
_SQL = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[Statement] = []

    def emit(self, record: logging.LogRecord) -> None:
        # The clients log a query as ("%s: %s", sql, values), values a list or None; a
        # script alone, as the message. Other records (a pool opened, closed) are not SQL.
        if isinstance(record.args, tuple) and len(record.args) == 2:
            sql, values = record.args
            if isinstance(sql, str) and (values is None or isinstance(values, list | tuple)):
                self.statements.append((sql, list(values or ())))
        elif not record.args:
            message = record.getMessage().lstrip()
            if message.upper().startswith(_SQL):
                self.statements.append((message, []))


@contextmanager
def statements_sent() -> Iterator[list[Statement]]:
    """Every statement (SQL, parameters) sent while the block runs, filled in as they go."""
    logger = logging.getLogger("tortoise.db_client")
    recorder, level = _Recorder(), logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        yield recorder.statements
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(level)
