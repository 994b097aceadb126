"""Values from outside (emails, names, client addresses, error texts) in log lines."""

from __future__ import annotations

import logging
import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(character)
    return named or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def log_safe(value: object) -> str:
    """`value` as one line of printable text: a CR or LF in it would start a forged log
    line, and other control characters (ANSI escapes) could rewrite a terminal. They are
    escaped as \\n, \\r, \\xNN, so the value stays readable."""
    return _UNSAFE.sub(_escape, str(value))


class OneLineFormatter(logging.Formatter):
    """Every record's message on one line (see `log_safe`), whatever its arguments held:
    an unexpected error's text may quote the request. A traceback keeps its lines but each
    is indented, so none of them can pass for a record of its own."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = log_safe(record.message)
        return super().formatMessage(record)

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\n", "\n    ")
