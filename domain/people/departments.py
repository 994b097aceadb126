"""Departments of a customer: managed by its OWNER/ADMIN and by its owner chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import authority, scope, validation
from domain.actor import Actor
from domain.errors import DomainError, ErrorCode, not_found
from domain.events import audit
from domain.hierarchy import panel_settings
from domain.hierarchy.status import require_live
from domain.security import policy
from models import Department, Organization
from models.enums import OrganizationKind

UNSET: Any = panel_settings.UNSET  # "leave as it is", distinct from None ("clear it")


@dataclass(frozen=True)
class DepartmentFields:
    """Fields to set; UNSET leaves one as it is (updates), None clears an optional one
    (the inherited settings: back to the customer's)."""

    name: str = UNSET
    description: str = UNSET
    allowed_ip_ranges: list[str] = field(default=UNSET)
    # The department's own panel settings, by column (domain/panel_settings.FIELDS).
    settings: dict[str, Any] = field(default_factory=dict)

    def columns(self) -> dict[str, Any]:
        """Validated model columns for the fields given, errors naming the input path."""
        checks: dict[str, Any] = {
            "name": lambda v: validation.text(v, ["name"], max_length=200, required=True),
            "description": lambda v: validation.text(
                v, ["description"], max_length=2000, multiline=True
            ),
            "allowed_ip_ranges": lambda v: validation.ip_ranges(v, ["security", "allowedIpRanges"]),
        }
        with validation.AllFields() as fields:
            columns = {
                name: (None if value is None else fields.check(check, value))
                for name, check in checks.items()
                if (value := getattr(self, name)) is not UNSET
            }
            columns.update(
                fields.check(panel_settings.checked, self.settings, panel_settings.INPUT_PATHS)
                or {}
            )
        return columns


def _text_defaults(columns: dict[str, Any]) -> dict[str, Any]:
    """Description and footer are never null: clearing them makes them empty."""
    return {
        k: "" if v is None and k in ("description", "footer") else v for k, v in columns.items()
    }


async def _saved(action: str, actor: Actor, org: Organization, department: Department) -> None:
    await audit.record(
        actor,
        action,
        org,
        target_type="Department",
        target_id=department.id,
        target_name=department.name,
    )


async def _check_ranges(org: Organization, columns: dict[str, Any]) -> None:
    """A department is a policy level too: its ranges must lie within the organization's."""
    if columns.get("allowed_ip_ranges"):
        policy.check_ranges_within(
            columns["allowed_ip_ranges"],
            await policy.effective(org),
            ["security", "allowedIpRanges"],
        )


async def create(actor: Actor, organization_id: UUID, fields: DepartmentFields) -> Department:
    org = await scope.visible_organizations(actor).filter(id=organization_id).first()
    if org is None:
        raise not_found(["organizationId"], "organization")
    if not authority.administers(actor, org):
        raise DomainError(
            ErrorCode.FORBIDDEN, "You may not manage its departments.", ["organizationId"]
        )
    authority.require_right(actor, authority.USERS, ["organizationId"])
    if org.kind != OrganizationKind.CUSTOMER:
        raise DomainError(ErrorCode.INVALID, "Only customers have departments.", ["organizationId"])
    if fields.name is UNSET:
        raise DomainError(ErrorCode.INVALID, "A department needs a name.", ["name"])
    columns = _text_defaults(fields.columns())
    await _check_ranges(org, columns)
    try:
        async with in_transaction("default"):
            await require_live(org, ["organizationId"], "The organization")
            department = await Department.create(organization=org, **columns)
            await _saved("department.create", actor, org, department)
    except IntegrityError:
        raise DomainError(
            ErrorCode.INVALID, "A department of this name exists.", ["name"]
        ) from None
    return department


async def _editable(actor: Actor, department_id: UUID) -> tuple[Department, Organization]:
    department = (
        await scope.visible_departments(actor)
        .filter(id=department_id)
        .select_related("organization")
        .first()
    )
    if department is None:
        raise not_found(["id"], "department")
    if not authority.administers(actor, department.organization):
        raise DomainError(ErrorCode.FORBIDDEN, "You may not manage this department.", ["id"])
    authority.require_right(actor, authority.USERS, ["id"])
    return department, department.organization


async def update(actor: Actor, department_id: UUID, fields: DepartmentFields) -> Department:
    department, org = await _editable(actor, department_id)
    columns = _text_defaults(fields.columns())
    await _check_ranges(org, columns)
    if columns:
        try:
            async with in_transaction("default"):
                await Department.filter(id=department.id).update(**columns)
                await _saved("department.update", actor, org, department)
        except IntegrityError:
            raise DomainError(
                ErrorCode.INVALID, "A department of this name exists.", ["name"]
            ) from None
    return await Department.get(id=department.id)


async def delete(actor: Actor, department_id: UUID) -> UUID:
    """Delete a department; its users stay, without a department."""
    department, org = await _editable(actor, department_id)
    async with in_transaction("default"):
        await department.delete()
        await _saved("department.delete", actor, org, department)
    return department_id
