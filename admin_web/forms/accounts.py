"""The account and organization forms: field names in, typed drafts out."""

from __future__ import annotations

from dataclasses import dataclass

from multidict import MultiDict

from backend.errors import ServiceError
from backend.services.accounts_organizations import KINDS
from backend.untrusted import whole

NEW_ACCOUNT_FIELDS = ("login", "full_name", "role", "organization")


@dataclass(frozen=True)
class NewAccount:
    login: str
    full_name: str
    role: str
    organization_id: int | None


@dataclass(frozen=True)
class RoleChange:
    role: str
    organization_id: int | None


@dataclass(frozen=True)
class NewOrganization:
    name: str
    kind: str


def new_account_values(form: MultiDict) -> dict[str, str]:
    """What was typed, to show the form again."""
    return {name: str(form.get(name, "")) for name in NEW_ACCOUNT_FIELDS}


def new_account(values: dict[str, str]) -> NewAccount:
    return NewAccount(values["login"], values["full_name"], values["role"],
                      whole(values["organization"]))


def account_error_field(error: ServiceError) -> str:
    """The field of the account form a refusal is shown under."""
    return {"login_invalid": "login", "login_taken": "login", "role_unknown": "role"}.get(
        error.code, "organization")


def role_change(form: MultiDict) -> RoleChange:
    return RoleChange(str(form.get("role", "")), whole(form.get("organization")))


def organization_values(form: MultiDict) -> dict[str, str]:
    return {"name": str(form.get("name", "")).strip()[:200], "kind": str(form.get("kind", ""))}


def organization_problems(values: dict[str, str]) -> dict[str, ServiceError]:
    """Every field left empty or off the list at once, before the service is asked."""
    problems = {}
    if not values["name"]:
        problems["name"] = ServiceError("organization_name_missing")
    if values["kind"] not in KINDS:
        problems["kind"] = ServiceError("organization_kind_unknown")
    return problems


def new_organization(values: dict[str, str]) -> NewOrganization:
    return NewOrganization(values["name"], values["kind"])


@dataclass(frozen=True)
class PasswordChange:
    current: str
    new: str


def password_change(form: MultiDict) -> PasswordChange:
    """The own-password form; ServiceError("passwords_differ") when the two new ones differ."""
    new, repeat = str(form.get("new", "")), str(form.get("repeat", ""))
    if new != repeat:
        raise ServiceError("passwords_differ")
    return PasswordChange(str(form.get("current", "")), new)


def password_error_field(error: ServiceError) -> str:
    return "current" if error.code == "password_wrong" else "new"
