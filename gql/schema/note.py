"""Private notes about an organization, written by its owner chain."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from domain.batches import NoteRow
from gql.context import Context
from gql.fastpath.direct import direct
from gql.fastpath.loaders import value_or_awaitable
from gql.schema.relay import Node, to_global_id
from gql.schema.user import UserType
from models import Note


@strawberry.type(name="Note", description="A private note; its subject never sees it.")
class NoteType(Node):
    text: str = strawberry.field(description="What the note says (line breaks kept).")
    created_at: datetime = strawberry.field(description="When it was written.")
    updated_at: datetime = strawberry.field(description="When it was last edited.")
    author_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, note: Note | NoteRow) -> NoteType:
        return cls(
            id=to_global_id("Note", note.id),
            text=note.text,
            created_at=note.created_at,
            updated_at=note.updated_at,
            author_id=note.author_id,
        )

    @strawberry.field(description="Who wrote it; null once that login is gone.")
    @direct
    def author(self, info: strawberry.Info[Context, None]) -> UserType | None:
        if self.author_id is None:
            return None
        return value_or_awaitable(  # type: ignore[no-any-return]
            info.context.loaders.user_by_id.load(self.author_id),
            lambda user: UserType.from_model(user) if user else None,
        )
