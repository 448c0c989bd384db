"""Applications: a resident asks to study a program or to see a career counsellor.

Staff work them new → contacted → enrolled / declined. Staff are told of a new one in their
chat, by number only: names and phones stay in the panel, where reads are journaled. The notice
is queued to the staff address and written when it is sent, in the staff chat's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.transactions import in_transaction

from backend import i18n
from backend.errors import ServiceError
from backend.models import Application, Program, User
from backend.services import audit, outbox

STATUSES = ("new", "contacted", "enrolled", "declined")
OPEN = ("new", "contacted")
KINDS = ("program", "consultation")
PAGE = 25
NOTICE_KEY = "application:"  # an outbox key: the notice of application <id>


@dataclass(frozen=True)
class AppliedProgram:
    title: str
    code: str
    organization: str


@dataclass(frozen=True)
class ApplicationInfo:
    """An application as staff and its applicant see it; `program` is None for a consultation."""

    id: int
    kind: str
    status: str
    channel: str
    created_at: datetime
    program: AppliedProgram | None


@dataclass(frozen=True)
class Applicant:
    """Who applied: contact details, for the panel's journaled card only."""

    full_name: str | None
    phone: str | None
    municipality_id: int | None


def _info(application: Application) -> ApplicationInfo:
    """The row's values; its program and the program's organization must be loaded."""
    program = application.program
    return ApplicationInfo(
        application.id, application.kind, application.status, application.channel,
        application.created_at,
        AppliedProgram(program.title, program.code, program.organization.name)
        if program else None)


async def apply(user_id: int, kind: str, *, channel: str, program_id: int | None = None,
                today: date | None = None) -> tuple[int, bool]:
    """Create an application, or find the open one for the same thing: its number, True if
    new. A program takes applications until it starts."""
    if kind not in KINDS or (kind == "program") != (program_id is not None):
        raise ValueError("a program application names its program, a consultation none")
    async with in_transaction():
        user = await User.get(id=user_id).select_for_update()
        if not user.pd_consent:
            raise ServiceError("consent_required")
        if not (user.full_name and user.phone):
            raise ServiceError("contact_required")
        program = None
        if program_id is not None:
            program = await Program.get_or_none(id=program_id, status="published")
            today = today or datetime.now(i18n.TIMEZONE).date()
            if program is None or (program.start_date and program.start_date < today):
                raise ServiceError("program_unavailable")
        existing = await Application.filter(user_id=user_id, kind=kind, program_id=program_id,
                                            status__in=OPEN).first()
        if existing:
            return existing.id, False
        application = await Application.create(user_id=user_id, kind=kind,
                                               program_id=program_id, channel=channel)
        await audit.log(f"user:{user_id}", "application.created", "application",
                        application.id, channel=channel)
        await outbox.enqueue("telegram", outbox.STAFF, "", f"{NOTICE_KEY}{application.id}")
    return application.id, True


async def staff_notice(key: str, locale: str, panel_url: str | None) -> str:
    """What staff read of a queued application notice: its number and program, no names."""
    application = await Application.get(id=int(key.removeprefix(NOTICE_KEY))) \
        .prefetch_related("program")
    program = application.program
    _ = lambda message: i18n.gettext(locale, message)  # noqa: E731
    if program:
        text = _(i18n.N_("New application No. {number}: «{title}» ({code}).")).format(
            number=application.id, title=program.title, code=program.code)
    else:
        text = _(i18n.N_("New request for a career consultation, No. {number}.")).format(
            number=application.id)
    if panel_url:
        text += f"\n{panel_url.rstrip('/')}/admin/applications/{application.id}"
    return text


async def list_applications(status: str = "", kind: str = "", page: int = 0,
                            organization_id: int | None = None
                            ) -> tuple[int, list[ApplicationInfo]]:
    """Newest first; an organization's staff see the applications to its programs only."""
    found = Application.all()
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    if organization_id is not None:
        found = found.filter(program__organization_id=organization_id)
    total = await found.count()
    rows = await found.order_by("-id").offset(page * PAGE).limit(PAGE) \
        .prefetch_related("program", "program__organization")
    return total, [_info(row) for row in rows]


async def view(application_id: int, *, actor: str, address: str | None,
               organization_id: int | None = None) -> tuple[ApplicationInfo, Applicant]:
    """An application with the applicant's contact details; the read is journaled."""
    async with in_transaction():
        application = await _visible(application_id, organization_id)
        user = await User.get(id=application.user_id)
        await audit.log(actor, "pd.viewed", "application", application_id, address=address)
    return _info(application), Applicant(user.full_name, user.phone, user.municipality_id)


async def set_status(application_id: int, status: str, *, actor: str, address: str | None,
                     organization_id: int | None = None) -> None:
    if status not in STATUSES:
        raise ServiceError("application_status_unknown")
    async with in_transaction():
        application = await _visible(application_id, organization_id)
        await Application.filter(id=application.id).update(status=status)
        await audit.log(actor, f"application.{status}", "application", application_id,
                        address=address)


async def _visible(application_id: int, organization_id: int | None) -> Application:
    found = Application.filter(id=application_id)
    if organization_id is not None:
        found = found.filter(program__organization_id=organization_id)
    application = await found.prefetch_related("program", "program__organization").first()
    if application is None:
        raise ServiceError("application_not_found")
    return application


async def of_user(user_id: int) -> list[ApplicationInfo]:
    found = await Application.filter(user_id=user_id).order_by("-id").prefetch_related(
        "program", "program__organization")
    return [_info(application) for application in found]
