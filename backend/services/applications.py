"""Applications: a resident asks to study a program or to see a career counsellor.

Staff work them new → contacted → enrolled / declined. Staff are told of a new one in their
chat, by number only: names and phones stay in the panel, where reads are journaled. The notice
is queued to the staff address and written when it is sent, in the staff chat's language.
"""

from __future__ import annotations

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


async def apply(user_id: int, kind: str, *, channel: str,
                program_id: int | None = None) -> tuple[Application, bool]:
    """Create an application, or return the open one for the same thing; True if new."""
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
            if program is None:
                raise ServiceError("program_unavailable")
        existing = await Application.filter(user_id=user_id, kind=kind, program_id=program_id,
                                            status__in=OPEN).first()
        if existing:
            return existing, False
        application = await Application.create(user_id=user_id, kind=kind,
                                               program_id=program_id, channel=channel)
        await audit.log(f"user:{user_id}", "application.created", "application",
                        application.id, channel=channel)
        await outbox.enqueue("telegram", outbox.STAFF, "", f"{NOTICE_KEY}{application.id}")
    return application, True


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
                            organization_id: int | None = None) -> tuple[int, list[Application]]:
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
    return total, list(rows)


async def view(application_id: int, *, actor: str, address: str | None,
               organization_id: int | None = None) -> tuple[Application, User]:
    """An application with the applicant's contact details; the read is journaled."""
    async with in_transaction():
        application = await _visible(application_id, organization_id)
        user = await User.get(id=application.user_id)
        await audit.log(actor, "pd.viewed", "application", application_id, address=address)
    return application, user


async def set_status(application_id: int, status: str, *, actor: str, address: str | None,
                     organization_id: int | None = None) -> Application:
    if status not in STATUSES:
        raise ServiceError("application_status_unknown")
    async with in_transaction():
        application = await _visible(application_id, organization_id)
        await Application.filter(id=application.id).update(status=status)
        await audit.log(actor, f"application.{status}", "application", application_id,
                        address=address)
    return await Application.get(id=application_id).prefetch_related("program")


async def _visible(application_id: int, organization_id: int | None) -> Application:
    found = Application.filter(id=application_id)
    if organization_id is not None:
        found = found.filter(program__organization_id=organization_id)
    application = await found.prefetch_related("program", "program__organization").first()
    if application is None:
        raise ServiceError("application_not_found")
    return application


async def of_user(user_id: int) -> list[Application]:
    return list(await Application.filter(user_id=user_id).order_by("-id")
                .prefetch_related("program"))
