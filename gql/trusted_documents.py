"""Trusted documents: the operations our own frontends were built with, by id.

`tenantry trust-documents FILE` adds a build's manifest to the store, a JSON file
(`TRUSTED_DOCUMENTS_FILE`) mapping each id to its document's text. Manifests are
graphql-codegen's client-preset `persisted-documents.json` ({hash: text}) or Relay's
persisted queries ({id: text}): the same shape, ids taken as they are, since each tool
hashes its own way. A file rather than a table: the store needs no migration, is written by
a deploy step like any other build artefact, and every server process reads the same one
(each re-reads it when it changes, so trusting a new build needs no restart).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLSchema, GraphQLSyntaxError, parse, validate

logger = logging.getLogger("tenantry")

# How often a server looks at the store's modification time (a stat call).
_RECHECK_SECONDS = 1.0
# The GraphQL-over-HTTP draft prefixes a document id with its hash algorithm.
_ID_PREFIXES = ("sha256:", "sha1:", "md5:")


class ManifestError(ValueError):
    """A manifest or store file that cannot be used, with the reason."""


def read_documents(path: Path) -> dict[str, str]:
    """The {id: text} map of a manifest or of the store."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ManifestError(f"cannot read {path}: {error.strerror}") from None
    try:
        parsed = json.loads(raw)
    except ValueError as error:
        raise ManifestError(f"{path} is not JSON: {error}") from None
    if not isinstance(parsed, dict) or not all(
        isinstance(key, str) and key and isinstance(value, str) and value
        for key, value in parsed.items()
    ):
        raise ManifestError(
            f"{path} must be a JSON object mapping each document id to its text "
            "(graphql-codegen's persisted-documents.json or Relay's persisted queries)"
        )
    return parsed


def invalid_documents(documents: dict[str, str], schema: GraphQLSchema) -> dict[str, str]:
    """The documents that do not parse or validate against the schema, with why."""
    problems: dict[str, str] = {}
    for document_id, text in documents.items():
        try:
            errors = validate(schema, parse(text))
        except GraphQLSyntaxError as error:
            problems[document_id] = error.message
            continue
        if errors:
            problems[document_id] = errors[0].message
    return problems


@dataclass(frozen=True)
class TrustResult:
    added: int
    total: int


def trust(manifest: Path, store: Path, schema: GraphQLSchema, *, replace: bool) -> TrustResult:
    """Add (or with `replace`, set) the manifest's documents in the store, atomically.

    Adding is the default: browsers still running the previous build keep sending its ids.
    """
    documents = read_documents(manifest)
    problems = invalid_documents(documents, schema)
    if problems:
        listed = "; ".join(f"{key}: {why}" for key, why in sorted(problems.items()))
        raise ManifestError(f"{len(problems)} document(s) do not fit the schema: {listed}")
    existing = {} if replace or not store.exists() else read_documents(store)
    conflicting = [key for key, text in documents.items() if existing.get(key, text) != text]
    if conflicting:
        raise ManifestError(
            f"ids already trusted with another text: {', '.join(sorted(conflicting))} "
            "(use --replace to start the store afresh)"
        )
    merged = {**existing, **documents}
    store.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=store.parent, prefix=f".{store.name}.", delete=False
    ) as temporary:
        json.dump(merged, temporary, indent=1, sort_keys=True)
    os.replace(temporary.name, store)  # a server never reads half a file
    return TrustResult(added=len(merged) - len(existing), total=len(merged))


def sha256_hex(text: str) -> str:
    """A document's SHA-256 as APQ and graphql-codegen write it: lower-case hex of UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TrustedDocuments:
    """The store as a server reads it: looked up by id, re-read when the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._documents: dict[str, str] = {}
        self._texts: frozenset[str] = frozenset()
        self._version: tuple[int, int] | None = None
        self._checked_at = float("-inf")

    def get(self, document_id: str) -> str | None:
        documents = self._current()
        text = documents.get(document_id)
        if text is None and document_id.lower().startswith(_ID_PREFIXES):
            text = documents.get(document_id.split(":", 1)[1])
        return text

    def holds_text(self, text: str) -> bool:
        self._current()
        return sha256_hex(text) in self._texts

    def _current(self) -> dict[str, str]:
        now = time.monotonic()
        if now - self._checked_at < _RECHECK_SECONDS:
            return self._documents
        self._checked_at = now
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._documents, self._texts, self._version = {}, frozenset(), None
            return self._documents
        version = (stat.st_mtime_ns, stat.st_size)
        if version != self._version:
            try:
                documents = read_documents(self.path)
            except ManifestError as error:
                # Keep serving what was trusted before rather than refusing everything.
                logger.error("trusted documents not reloaded: %s", error)
                return self._documents
            self._documents = documents
            self._texts = frozenset(sha256_hex(text) for text in documents.values())
            self._version = version
        return self._documents
