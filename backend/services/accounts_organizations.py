"""Organizations that staff accounts and programs belong to: listed and added by admins."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Organization
from backend.services import audit

KINDS = ("copp", "college", "dpo", "employer", "employment_centre")


@dataclass(frozen=True)
class OrganizationInfo:
    id: int
    name: str
    kind: str


async def list_organizations() -> list[OrganizationInfo]:
    """Every organization, by name."""
    rows = await Organization.all().order_by("name").values_list("id", "name", "kind")
    return [OrganizationInfo(*row) for row in rows]


async def create_organization(actor: str, name: str, kind: str) -> int:
    """Add an organization with a unique name and one of KINDS; journaled. Returns its id."""
    if not name:
        raise ServiceError("organization_name_missing")
    if kind not in KINDS:
        raise ServiceError("organization_kind_unknown")
    async with in_transaction():
        if await Organization.exists(name=name):
            raise ServiceError("organization_exists")
        organization = await Organization.create(name=name, kind=kind)
        await audit.log(actor, "organization.created", "organization", organization.id)
    return organization.id
