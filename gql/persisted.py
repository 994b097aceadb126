"""Persisted queries: Apollo's automatic ones (APQ) and the trusted documents of our frontends.

A request names its document by `extensions.persistedQuery.sha256Hash` (Apollo, urql,
graphql-codegen's client preset) or by `documentId` (the GraphQL-over-HTTP draft; Relay
clients send their ids this way). What it resolves to, in order:

1. a trusted document (gql/trusted_documents.py) with that id;
2. with APQ: the text registered under that hash by an earlier request of this process;
3. nothing: `PersistedQueryNotFound`, and an APQ client resends with the text, which is
   checked against the hash, registered and run.

With `TRUSTED_DOCUMENTS_ONLY` nothing but trusted documents runs: APQ registration is off,
and a text sent without an id runs only when it is, character for character, a trusted one.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from typing import Any

from gql.errors import ApiErrorCode
from gql.http_protocol import ProtocolError, RequestParameters
from gql.trusted_documents import TrustedDocuments, sha256_hex
from settings import Settings

APQ_VERSION = 1
# Apollo's clients match these messages (not only the code) to decide to resend or give up.
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
NOT_SUPPORTED_MESSAGE = "PersistedQueryNotSupported"


# An ordered dict's node per entry (about 90 bytes on CPython 3.11, measured), rounded up.
_NODE_BYTES = 128


def entry_bytes(digest: str, text: str) -> int:
    """The memory one cached entry holds: both strings as Python stores them and the dict's
    node. Counting the text alone let a flood of tiny texts (a 64-character key and ~300
    bytes each) hold fifteen times the configured bound."""
    return sys.getsizeof(digest) + sys.getsizeof(text) + _NODE_BYTES


class ApqCache:
    """Registered texts by hash, least recently used evicted first, bounded in the bytes
    its entries hold (`entry_bytes`).

    Per process: a client's first request to another process registers its text there
    too (one extra round trip, then cached). Texts are stored only after their hash is
    checked, so nobody can plant a text under another's hash; a flood of registrations can
    only evict entries, costing their clients that round trip again.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def get(self, digest: str) -> str | None:
        text = self._texts.get(digest)
        if text is not None:
            self._texts.move_to_end(digest)
        return text

    def put(self, digest: str, text: str) -> None:
        size = entry_bytes(digest, text)
        if size > self.max_bytes or digest in self._texts:
            return
        self._texts[digest] = text
        self._bytes += size
        while self._bytes > self.max_bytes:
            evicted_digest, evicted = self._texts.popitem(last=False)
            self._bytes -= entry_bytes(evicted_digest, evicted)


def _not_found() -> ProtocolError:
    # 404 as Apollo's router answers it: a 400 would make Apollo Client stop hashing.
    return ProtocolError(
        404, NOT_FOUND_MESSAGE, ApiErrorCode.PERSISTED_QUERY_NOT_FOUND, legacy_status=200
    )


def _not_supported() -> ProtocolError:
    return ProtocolError(
        400, NOT_SUPPORTED_MESSAGE, ApiErrorCode.PERSISTED_QUERY_NOT_SUPPORTED, legacy_status=200
    )


def _not_allowed() -> ProtocolError:
    return ProtocolError(
        400,
        "Only the operations of this API's own frontends are accepted here: send the id of "
        "a trusted document (persisted query), not a document of your own.",
        ApiErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
        legacy_status=200,
    )


def _apq_hash(extensions: dict[str, Any]) -> str | None:
    """The hash of `extensions.persistedQuery`, checked; None when there is none."""
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    version = persisted.get("version") if isinstance(persisted, dict) else None
    # `type is int`: JSON's true would otherwise pass for 1.
    if type(version) is not int or version != APQ_VERSION:
        raise _not_supported()
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not digest:
        raise ProtocolError(400, "`extensions.persistedQuery.sha256Hash` must be a string.")
    return digest.lower()


class PersistedQueries:
    def __init__(self, settings: Settings) -> None:
        self.trusted = TrustedDocuments(settings.trusted_documents_file)
        self.trusted_only = settings.trusted_documents_only
        self.apq = (
            ApqCache(settings.persisted_queries_cache_bytes)
            if settings.persisted_queries_cache_bytes and not self.trusted_only
            else None
        )

    def resolve(self, params: RequestParameters) -> str | None:
        """The text of the document to run (None: the request names none)."""
        apq_hash = _apq_hash(params.extensions)
        document_id = params.document_id or apq_hash
        if document_id is not None:
            trusted = self.trusted.get(document_id)
            if trusted is not None:
                if params.query is not None and params.query != trusted:
                    raise ProtocolError(400, "The query sent is not the document of that id.")
                return trusted
        if self.trusted_only:
            if document_id is not None:
                raise _not_found() if params.query is None else _not_allowed()
            if params.query is not None and not self.trusted.holds_text(params.query):
                raise _not_allowed()
            return params.query
        if apq_hash is None:
            if params.document_id is not None:
                raise _not_found()
            return params.query
        return self._automatic(apq_hash, params.query)

    def _automatic(self, digest: str, query: str | None) -> str:
        if self.apq is None:
            raise _not_supported()
        if query is None:
            registered = self.apq.get(digest)
            if registered is None:
                raise _not_found()
            return registered
        if sha256_hex(query) != digest:
            raise ProtocolError(400, "The query's SHA-256 is not the `sha256Hash` sent with it.")
        self.apq.put(digest, query)
        return query
