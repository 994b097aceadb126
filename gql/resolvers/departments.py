"""The `departments` list, createDepartment, updateDepartment, deleteDepartment,
updateOrganizationSettings."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain import listing
from domain.hierarchy import panel_settings
from domain.people import departments
from gql.context import Context
from gql.schema.department import DepartmentType
from gql.schema.department_inputs import (
    CreateDepartmentInput,
    DeleteDepartmentInput,
    DeleteDepartmentPayload,
    DepartmentPayload,
    UpdateDepartmentInput,
    UpdateOrganizationSettingsInput,
    UpdateOrganizationSettingsPayload,
)
from gql.schema.errors import attempt
from gql.schema.filters import DepartmentFilter
from gql.schema.organization import OrganizationType
from gql.schema.paging import PageArgs, paged, paginate
from gql.schema.relay import (
    FILTER,
    INPUT,
    Connection,
    filter_id,
    target_id,
    to_global_id,
    total_count_selected,
)

Info = strawberry.Info[Context, None]


async def create_department(
    info: Info, input: Annotated[CreateDepartmentInput, INPUT]
) -> DepartmentPayload:
    actor = await info.context.viewer()
    department, errors = await attempt(
        departments.create(
            actor, target_id(input.organization_id, "Organization"), input.to_domain()
        )
    )
    return DepartmentPayload(
        department=DepartmentType.from_model(department) if department else None,
        user_errors=errors,
    )


async def update_department(
    info: Info, input: Annotated[UpdateDepartmentInput, INPUT]
) -> DepartmentPayload:
    actor = await info.context.viewer()
    department, errors = await attempt(
        departments.update(actor, target_id(input.id, "Department"), input.to_domain())
    )
    return DepartmentPayload(
        department=DepartmentType.from_model(department) if department else None,
        user_errors=errors,
    )


async def delete_department(
    info: Info, input: Annotated[DeleteDepartmentInput, INPUT]
) -> DeleteDepartmentPayload:
    actor = await info.context.viewer()
    deleted, errors = await attempt(departments.delete(actor, target_id(input.id, "Department")))
    return DeleteDepartmentPayload(
        deleted_department_id=to_global_id("Department", deleted) if deleted else None,
        user_errors=errors,
    )


async def update_organization_settings(
    info: Info, input: Annotated[UpdateOrganizationSettingsInput, INPUT]
) -> UpdateOrganizationSettingsPayload:
    actor = await info.context.viewer()
    org, errors = await attempt(
        panel_settings.update(
            actor, target_id(input.organization_id, "Organization"), input.changes()
        )
    )
    return UpdateOrganizationSettingsPayload(
        organization=OrganizationType.from_model(org) if org else None, user_errors=errors
    )


@strawberry.type
class DepartmentQuery:
    @strawberry.field(description="Departments the caller may see, by name.")
    @paged
    async def departments(
        self,
        info: Info,
        filter: Annotated[DepartmentFilter | None, FILTER] = None,
        *,
        paging: PageArgs,
    ) -> Connection[DepartmentType]:
        actor = await info.context.viewer()
        organization_id = filter_id(filter.organization_id, "Organization") if filter else None
        return await paginate(
            listing.departments(actor, organization_id),
            paging,
            DepartmentType.from_model,
            total=total_count_selected(info),
        )
