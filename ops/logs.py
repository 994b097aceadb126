"""Log lines: JSON objects (one a line) or readable text, each with the request id.

LOG_FORMAT chooses (json in production, text in development). A record may carry
structured fields in `extra={"fields": {...}}`: JSON puts them at the top level, text
appends them as `key=value`.
"""

from __future__ import annotations

import copy
import logging
from datetime import UTC, datetime
from typing import Any

import orjson

from domain.logsafe import OneLineFormatter, log_safe
from ops import request_id
from settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_installed = False


def _add_request_id(factory: Any) -> Any:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = factory(*args, **kwargs)
        record.request_id = request_id.current.get()
        return record

    return make


def install_request_ids() -> None:
    """Every log record made from now on knows the request (or job) it was made in."""
    global _installed
    if not _installed:
        logging.setLogRecordFactory(_add_request_id(logging.getLogRecordFactory()))
        _installed = True


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields = getattr(record, "fields", None)
    return dict(fields) if isinstance(fields, dict) else {}


class TextFormatter(OneLineFormatter):
    """One line of text; the request id and the record's fields follow the message."""

    def __init__(self, fmt: str = TEXT_FORMAT) -> None:
        super().__init__(fmt)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        extras = _fields(record)
        rid = getattr(record, "request_id", None)
        if rid:
            extras["request_id"] = rid
        pairs = " ".join(f"{key}={log_safe(value)}" for key, value in extras.items())
        return f"{line} {pairs}" if pairs else line


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, the fields, and a
    traceback (as one string) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None)
        if rid:
            entry["request_id"] = rid
        entry.update(_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def formatter(settings: Settings) -> logging.Formatter:
    return JsonFormatter() if settings.log_format == "json" else TextFormatter()


def configure(settings: Settings) -> None:
    """Our format on the root logger's handlers (one at INFO to stderr if there is none)."""
    install_request_ids()
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    root.setLevel(logging.INFO)
    for handler in root.handlers:
        handler.setFormatter(formatter(settings))


def uvicorn_log_config(settings: Settings) -> dict[str, Any]:
    """uvicorn's logging config with ours on top: the root logger at INFO in our format, and
    uvicorn's own lines in it too. With `--workers N` uvicorn configures logging afresh in
    each child process, which never runs the CLI's setup: this config is what they get."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    factory = JsonFormatter if settings.log_format == "json" else TextFormatter
    config["formatters"]["tenantry"] = {"()": factory}
    config["handlers"]["tenantry"] = {
        "class": "logging.StreamHandler",
        "formatter": "tenantry",
        "stream": "ext://sys.stderr",
    }
    config["handlers"]["default"]["formatter"] = "tenantry"
    config["root"] = {"handlers": ["tenantry"], "level": "INFO"}
    return config
