"""setEmailTemplate, resetEmailTemplate and the emailTemplates list."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.hierarchy import email_templates
from gql.context import Context
from gql.schema.email_template import (
    EmailTemplatePayload,
    EmailTemplateType,
    ResetEmailTemplateInput,
    SetEmailTemplateInput,
)
from gql.schema.errors import attempt
from gql.schema.relay import INPUT

Info = strawberry.Info[Context, None]


async def set_email_template(
    info: Info, input: Annotated[SetEmailTemplateInput, INPUT]
) -> EmailTemplatePayload:
    actor = await info.context.viewer()
    shown, errors = await attempt(
        email_templates.set_template(actor, input.kind, input.subject, input.body)
    )
    return EmailTemplatePayload(
        template=EmailTemplateType.from_shown(shown) if shown else None, user_errors=errors
    )


async def reset_email_template(
    info: Info, input: Annotated[ResetEmailTemplateInput, INPUT]
) -> EmailTemplatePayload:
    actor = await info.context.viewer()
    shown, errors = await attempt(email_templates.reset_template(actor, input.kind))
    return EmailTemplatePayload(
        template=EmailTemplateType.from_shown(shown) if shown else None, user_errors=errors
    )


@strawberry.type
class EmailTemplateQuery:
    @strawberry.field(
        description="Every kind of notification email as your organization words it for the "
        "organizations below it: your own template or the built-in text. OWNER/ADMIN of the "
        "Master or a reseller only (FORBIDDEN otherwise)."
    )
    async def email_templates(self, info: Info) -> list[EmailTemplateType]:
        actor = await info.context.viewer()
        shown = await email_templates.own_templates(actor)
        return [EmailTemplateType.from_shown(each) for each in shown]
