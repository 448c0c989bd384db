"""/mydata: what the platform holds about the resident, consent and mailing choices."""

from backend import consent
from backend.i18n import N_
from backend.services import applications, career, programs_subscriptions, users
from dialogs.context import Ctx
from dialogs.model import END, Choose, Dialog, Do, Jump, Option, Say
from dialogs.mydata_more import after_withdrawal, conversations, footprints
from dialogs.words import NO, YES

PLATFORMS = {"telegram": "Telegram", "vk": "VK", "web": N_("web chat"), "terminal": N_("terminal")}
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}


async def summary(ctx: Ctx) -> str:
    held = await users.view_personal_data(ctx.user.id, channel=ctx.channel)
    _ = ctx._
    user = held.user
    lines = [
        _(N_("This is everything we hold about you:")),
        "• " + _(N_("Account: {platform}, id {external_id}")).format(
            platform=_(PLATFORMS.get(user.platform, user.platform)), external_id=held.external_id),
        "• " + _(N_("Language: {language}")).format(language=LANGUAGE_NAMES[ctx.locale]),
        "• " + _(N_("Where you live: {place}")).format(
            place=held.municipality or _(N_("not given"))),
        "• " + _(N_("With us since {date}")).format(date=ctx.date(user.created_at)),
    ]
    if held.full_name:
        lines.append("• " + _(N_("Name: {name}")).format(name=held.full_name))
    if held.phone:
        lines.append("• " + _(N_("Phone: {phone}")).format(phone=held.phone))
    if user.age_group:
        lines.append("• " + _(N_("Age: {group}")).format(group=user.age_group.replace("-", "–")))
    latest = held.consents[0] if held.consents else None
    if latest and latest.granted:
        lines.append("• " + _(N_("Consent to data processing: given {moment} (version {version})"))
                     .format(moment=ctx.datetime(latest.created_at), version=latest.version))
    elif latest and (withdrawn := await after_withdrawal(ctx)):
        lines.append("• " + withdrawn.replace("\n", "\n   "))
    elif latest:
        lines.append("• " + _(N_("Consent to data processing: not given ({moment})"))
                     .format(moment=ctx.datetime(latest.created_at)))
    lines.append("• " + _(_mailings(user)))
    lines += await _test_results(ctx) if "career_results" in held.lists else []
    lines += await application_lines(ctx) if "applications" in held.lists else []
    if held.lists & {"registrations", "survey_responses"}:
        lines += await footprints(ctx)
    if "consultations" in held.lists:
        lines += await conversations(ctx)
    alerts = 0
    if "program_subscriptions" in held.lists:
        alerts = len(await programs_subscriptions.of_user(ctx.user.id))
    if alerts:
        lines.append("• " + ctx.ngettext("Alerts about new programs: {n}",
                                         "Alerts about new programs: {n}", alerts)
                     .format(n=alerts))
    count = len(held.consents)
    history = ctx.ngettext("Your consent history has {n} entry.",
                           "Your consent history has {n} entries.", count)
    lines.append("• " + history.format(n=count))
    return "\n".join(lines)


async def _test_results(ctx: Ctx) -> list[str]:
    results = await career.list_results(ctx.user.id)
    if not results:
        return []
    lines = ["• " + ctx.ngettext("Career test: {n} result", "Career test: {n} results",
                                 len(results)).format(n=len(results))]
    texts_of = {version: await career.type_texts(version)
                for version in {result.version_id for result in results[:5]}}
    for result in results[:5]:
        texts = texts_of[result.version_id]
        leading = result.code.split("-")[0]
        names = ", ".join(career.localized(texts[t], "name", ctx.locale) for t in leading)
        lines.append(f"   {ctx.date(result.finished_at)} — {names}")
    return lines


STATUS_TEXTS = {"new": N_("sent"), "contacted": N_("they contacted you"),
                "enrolled": N_("enrolled"), "declined": N_("declined")}


async def application_lines(ctx: Ctx) -> list[str]:
    """The resident's latest applications and where each stands (here and in «My
    registrations»)."""
    sent = await applications.of_user(ctx.user.id)
    if not sent:
        return []
    lines = ["• " + ctx.ngettext("Applications: {n}", "Applications: {n}", len(sent))
             .format(n=len(sent))]
    for application in sent[:5]:
        what = application.program.title if application.program else ctx._(
            N_("career consultation"))
        number = ctx._(N_("No. {number}")).format(number=application.id)
        lines.append(f"   {number} {what} — {ctx._(STATUS_TEXTS[application.status])}")
    return lines


async def actions(ctx: Ctx) -> list[Option]:
    options = [Option("withdraw", N_("Withdraw consent")) if ctx.user.pd_consent
               else Option("consent", N_("Give consent"))]
    if ctx.user.pd_consent:
        options.append(Option("place", N_("Change where I live")))
    if ctx.user.pd_consent:  # mailings need consent: without it «Give consent» is offered
        options.append(Option("stop", N_("Stop mailings")) if ctx.user.subscribed
                       else Option("resume", N_("Resume mailings")))
    return options


def _mailings(user: users.UserInfo) -> str:
    if not user.pd_consent:
        return N_("Mailings: off, they need your consent")
    return N_("Mailings: on") if user.subscribed else N_("Mailings: off")


def route(data: dict) -> str | Jump:
    return {"withdraw": "confirm", "consent": Jump("consent"), "stop": Jump("stop"),
            "resume": "resume", "place": Jump("profile")}[data["action"]]


async def withdraw(ctx: Ctx) -> None:
    ctx.user = await users.record_consent(ctx.user.id, consent.PROCESSING, False,
                                          locale=ctx.locale, channel=ctx.channel,
                                          evidence=ctx.evidence)


async def resume(ctx: Ctx) -> None:
    ctx.user = await users.set_subscribed(ctx.user.id, True)


async def withdrawn_text(ctx: Ctx) -> str:
    return await after_withdrawal(ctx) + "\n\n" + ctx._(N_("Thank you for being with us."))


CONFIRM = (Option("yes", N_("Yes, withdraw"), aliases=YES),
           Option("no", N_("No, keep it"), aliases=NO))

DIALOG = Dialog(
    "mydata",
    steps=[
        Choose("view", summary, options=actions, save_as="action", next=route),
        Choose("confirm", N_("Withdraw your consent? We will stop processing your personal data "
                             "and delete it within 30 days. Help and the language choice will "
                             "keep working."),
               options=CONFIRM, save_as="sure",
               next=lambda data: "withdraw" if data["sure"] == "yes" else "view"),
        Do("withdraw", withdraw),
        Say("withdrawn", withdrawn_text, next=END),
        Do("resume", resume),
        Say("resumed", N_("Mailings are on again."), next=END),
    ],
    title=N_("📋 My data"),
    command="mydata",
    words=N_("my data; personal data; consent"),
    about=N_("what we know about you, your consent"),
    in_menu=True,
)
