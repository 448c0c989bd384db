"""/courses: find a program in one's own words, by area or by test result; apply; follow."""

from __future__ import annotations

from datetime import timedelta

from backend.i18n import N_
from backend.services import (
    applications,
    career,
    programs,
    programs_search,
    programs_subscriptions,
    users,
)
from backend.services.programs import ProgramInfo
from backend.untrusted import whole
from dialogs.applications import contact_steps, save_contact
from dialogs.context import Ctx
from dialogs.filtering import ANY, set_filter
from dialogs.model import END, TYPED, Choose, Dialog, Do, Option, Say
from dialogs.once import forget, per_turn

PAGE = 5
MAX_RESULTS = 50  # ten pages; past that, narrowing the search helps more than paging
MONTH = timedelta(days=31)
TYPES = {
    "prof_training": N_("Vocational training"),
    "prof_retraining": N_("Vocational retraining"),
    "prof_upskilling": N_("Vocational upskilling"),
    "dpo_upskilling": N_("Professional development course"),
    "dpo_retraining": N_("Professional retraining (diploma)"),
    "general": N_("General development course"),
}
FORMS = {"ochnaya": N_("full-time"), "ochno_zaochnaya": N_("part-time"),
         "zaochnaya": N_("extramural")}


# ---- how the resident starts ---------------------------------------------------------------

async def opening(ctx: Ctx) -> None:
    """A deep link opens a program card ("p12") or the test's matches ("test")."""
    arg = ctx.arg or ""
    ctx.data["filters"] = {}
    if arg.startswith("p") and whole(arg[1:]) is not None:
        ctx.data["pick"] = arg[1:]
    elif arg == "test":
        await by_test(ctx)


def after_opening(data: dict) -> str:
    return "card" if "pick" in data else "results" if "filters_test" in data else "ask"


async def ask_options(ctx: Ctx) -> list[Option]:
    options = [Option("areas", N_("📚 Choose an area"))]
    if await career.list_results(ctx.user.id):
        options.append(Option("test", N_("🧭 By my test result")))
    if await _followed(ctx):
        options.append(Option("mine", N_("🔔 My alerts")))
    return options


def after_ask(data: dict) -> str:
    return {TYPED: "search", "areas": "area", "test": "by_test", "mine": "mine"}[data["how"]]


async def areas(ctx: Ctx) -> list[Option]:
    found = await per_turn(ctx, "areas", programs.areas)
    return [Option(str(area.id), area.name, translate=False) for area in found]


async def search_words(ctx: Ctx) -> None:
    ctx.data["q"] = ctx.data["label"] = ctx.data.pop("query", "")
    ctx.data["filters"].pop("competencies", None)
    ctx.data.pop("filters_test", None)


async def search_area(ctx: Ctx) -> None:
    names = {o.value: o.label for o in await areas(ctx)}
    ctx.data["q"], ctx.data["label"] = "", names.get(ctx.data["area"], "")
    ctx.data["filters"]["competencies"] = [int(ctx.data["area"])]
    ctx.data.pop("filters_test", None)


async def by_test(ctx: Ctx) -> None:
    results = await career.list_results(ctx.user.id)
    matching = await career.matching_competencies(results[0].scores) if results else []
    ctx.data["q"], ctx.data["label"] = "", ctx._(N_("my test result"))
    ctx.data["filters"]["competencies"] = matching or [0]
    ctx.data["filters_test"] = True


# ---- results -------------------------------------------------------------------------------

def _filters(ctx: Ctx) -> programs_search.Filters:
    values = dict(ctx.data.get("filters", {}))
    if values.pop("month", False):
        values["starts_by"] = (ctx.now + MONTH).date().isoformat()
    return programs_search.Filters.from_json(values)


async def _found(ctx: Ctx) -> tuple[int, list[ProgramInfo]]:
    """The search, run once per turn however many times the screen asks."""
    query, filters, today = ctx.data.get("q", ""), _filters(ctx), ctx.now.date()
    return await per_turn(ctx, ("found", query, filters, today), lambda: (
        programs_search.find_programs(query, filters, limit=MAX_RESULTS, today=today)))


def _price(ctx: Ctx, program: ProgramInfo) -> str:
    if program.price:
        return ctx._(N_("{price} ₽")).format(price=f"{program.price:,}".replace(",", " "))
    return ctx._(N_("free"))


def _where(program: ProgramInfo) -> str:
    place = program.municipality
    return program.organization + (f", {place}" if place else "")


def _line(ctx: Ctx, number: int, program: ProgramInfo) -> str:
    parts = [f"{number}. {program.title}", _where(program)]
    details = [ctx.ngettext("{n} hour", "{n} hours", program.hours).format(n=program.hours),
               _price(ctx, program)]
    if program.distance:
        details.append(ctx._(N_("online")))
    if program.start_date:
        details.append(ctx._(N_("from {date}")).format(date=ctx.date(program.start_date)))
    return "\n".join([parts[0], "   " + parts[1], "   " + " · ".join(details)])


def _filter_summary(ctx: Ctx) -> str:
    values = ctx.data.get("filters", {})
    shown = []
    if values.get("municipality"):
        shown.append(values["municipality"])
    if values.get("free") is not None:
        shown.append(ctx._(PRICES["free" if values["free"] else "paid"]))
    if values.get("form"):
        shown.append(ctx._(FORMS[values["form"]]))
    if values.get("distance"):
        shown.append(ctx._(N_("online")))
    if values.get("type"):
        shown.append(ctx._(TYPES[values["type"]]))
    if values.get("month"):
        shown.append(ctx._(N_("starts within a month")))
    return ctx._(N_("Filters: {list}")).format(list=", ".join(shown)) if shown else ""


async def results_text(ctx: Ctx) -> str:
    total, found = await _found(ctx)
    query = ctx.data.get("q", "")
    if ctx.data.get("filters_test"):
        head = ctx.ngettext("{n} program matches your test result.",
                            "{n} programs match your test result.", total)
    elif query:
        head = ctx.ngettext("Found {n} program for «{query}».",
                            "Found {n} programs for «{query}».", total)
    else:
        head = ctx.ngettext("{n} program in this area.", "{n} programs in this area.", total)
    lines = [head.format(n=total, query=query)]
    if summary := _filter_summary(ctx):
        lines.append(summary)
    if not found:
        lines.append(ctx._(N_("Try fewer or other words, clear the filters, or choose an area. "
                              "You can write a new search right here.")))
        return "\n".join(lines)
    page = found[ctx.page * PAGE:(ctx.page + 1) * PAGE]
    lines.append("")
    lines += [_line(ctx, ctx.page * PAGE + i + 1, p) for i, p in enumerate(page)]
    lines.append("")
    if total > MAX_RESULTS:
        lines.append(ctx._(N_("Showing the best {n}. Add a word or a filter to narrow it down."))
                     .format(n=MAX_RESULTS))
    lines.append(ctx._(N_("Tap a number to open a program, or write a new search.")))
    return "\n".join(lines)


async def result_options(ctx: Ctx) -> list[Option]:
    _, found = await _found(ctx)
    return [Option(str(p.id), str(i), translate=False) for i, p in enumerate(found, start=1)]


REFINE = (Option("refine", N_("⚙ Filters and alerts")),)


def after_results(data: dict) -> str:
    return {TYPED: "search", "refine": "refine"}.get(data["pick"], "card")


# ---- filters and alerts ---------------------------------------------------------------------

async def refine_text(ctx: Ctx) -> str:
    lines = [ctx._(N_("Narrow the search, or ask us to tell you about new programs like these."))]
    if summary := _filter_summary(ctx):
        lines.append(summary)
    return "\n".join(lines)


CHOICES = {"place": N_("📍 Where: {value}"), "price": N_("💸 Price: {value}"),
           "form": N_("🏫 Form: {value}"), "type": N_("📜 Kind: {value}")}
TOGGLES = {"distance": N_("Online"), "month": N_("Starts within a month")}
PRICES = {"free": N_("free"), "paid": N_("paid")}


async def refine_options(ctx: Ctx) -> list[Option]:
    values, _ = ctx.data["filters"], ctx._
    anything = _(N_("any"))
    price = {True: "free", False: "paid"}.get(values.get("free"))
    chosen = {"place": values.get("municipality") or anything,
              "price": _(PRICES[price]) if price else anything,
              "form": _(FORMS[values["form"]]) if values.get("form") else anything,
              "type": _(TYPES[values["type"]]) if values.get("type") else anything}
    return [
        *(Option(key, _(CHOICES[key]).format(value=value), translate=False)
          for key, value in chosen.items()),
        *(Option(key, ("☑ " if values.get(key) else "☐ ") + _(label), translate=False)
          for key, label in TOGGLES.items()),
        Option("follow", N_("🔔 Tell me about new ones")),
        Option("clear", N_("✖ Clear filters")),
    ]


def after_refine(data: dict) -> str:
    return {"place": "f_place", "price": "f_price", "form": "f_form", "type": "f_type",
            "follow": "follow", "clear": "clear"}.get(data["refine"], "toggle")


async def toggle(ctx: Ctx) -> None:
    key = ctx.data["refine"]
    if ctx.data["filters"].get(key):
        ctx.data["filters"].pop(key)
    else:
        ctx.data["filters"][key] = True


async def _places(ctx: Ctx) -> dict[str, str]:
    """Place names by id (as a button carries it)."""
    found = await per_turn(ctx, "places", users.list_municipalities)
    return {str(m.id): m.name for m in found}


async def place_options(ctx: Ctx) -> list[Option]:
    return [Option(ANY, N_("Anywhere")), *[Option(key, name, translate=False)
                                           for key, name in (await _places(ctx)).items()]]


async def set_place(ctx: Ctx) -> None:
    """The search filters by the place's name (an alert keeps it); the button carried its id."""
    answer = ctx.data["f_place"]
    if answer == ANY:
        ctx.data["filters"].pop("municipality", None)
    else:
        ctx.data["filters"]["municipality"] = (await _places(ctx))[answer]


async def set_price(ctx: Ctx) -> None:
    answer = ctx.data["f_price"]
    if answer == ANY:
        ctx.data["filters"].pop("free", None)
    else:
        ctx.data["filters"]["free"] = answer == "free"


async def clear(ctx: Ctx) -> None:
    ctx.data["filters"] = {k: v for k, v in ctx.data["filters"].items() if k == "competencies"}


async def follow(ctx: Ctx) -> None:
    forget(ctx, "followed")
    ctx.data["followed"] = await programs_subscriptions.subscribe(
        ctx.user.id, ctx.data.get("q", ""), _filters_without_dates(ctx),
        label=ctx.data.get("label", ""), channel=ctx.channel, now=ctx.now)


def _filters_without_dates(ctx: Ctx) -> programs_search.Filters:
    values = {k: v for k, v in ctx.data["filters"].items() if k != "month"}
    return programs_search.Filters.from_json(values)


async def followed_text(ctx: Ctx) -> str:
    if ctx.data.pop("followed", True):
        return ctx._(N_("Done: we will write when a new program like these appears. "
                        "«My alerts» in /courses lists them; /stop turns all mailings off."))
    return ctx._(N_("You already follow this search."))


# ---- alerts the resident follows --------------------------------------------------------------

async def _followed(ctx: Ctx) -> list[programs_subscriptions.Subscription]:
    return await per_turn(ctx, "followed", lambda: programs_subscriptions.of_user(ctx.user.id))


async def mine_text(ctx: Ctx) -> str:
    followed = await _followed(ctx)
    if not followed:
        return ctx._(N_("You do not follow any searches."))
    lines = [ctx._(N_("You will hear about new programs for:"))]
    lines += [f"{i}. «{s.label}»" for i, s in enumerate(followed, start=1)]
    lines.append(ctx._(N_("Tap a number to stop that alert.")))
    return "\n".join(lines)


async def mine_options(ctx: Ctx) -> list[Option]:
    followed = await _followed(ctx)
    return [Option(str(s.id), str(i), translate=False) for i, s in enumerate(followed, start=1)]


async def unfollow(ctx: Ctx) -> None:
    forget(ctx, "followed")
    await programs_subscriptions.unsubscribe(ctx.user.id, int(ctx.data.pop("drop")),
                                             channel=ctx.channel)


# ---- a program, and applying ------------------------------------------------------------------

async def _program(ctx: Ctx) -> ProgramInfo | None:
    program_id = int(ctx.data["pick"])
    return await per_turn(ctx, ("program", program_id),
                          lambda: programs.find_published(program_id))


async def card_text(ctx: Ctx) -> str:
    program = await _program(ctx)
    if program is None:
        return ctx._(N_("This program is no longer in the catalog."))
    _ = ctx._
    form = _(FORMS[program.form]) + (", " + _(N_("online")) if program.distance else "")
    lines = [program.title, "",
             _(TYPES[program.type]) + " · " + ctx.ngettext("{n} hour", "{n} hours",
                                                           program.hours).format(n=program.hours),
             _(N_("Where: {place}")).format(place=_where(program)),
             _(N_("Form: {form}")).format(form=form)]
    if program.start_date:
        lines.append(_(N_("Starts: {date}")).format(date=ctx.date(program.start_date)))
    if program.price:
        lines.append(_(N_("Price: {price}")).format(price=_price(ctx, program)))
    else:
        lines.append(_(N_("Free for: {who}")).format(who="; ".join(program.free_for)))
    lines.append(_(N_("Document: {document}")).format(document=program.document))
    if program.requirements:
        lines.append(_(N_("Who can apply: {requirements}")).format(
            requirements=program.requirements))
    if program.description:
        lines += ["", program.description]
    if program.url:
        lines += ["", program.url]
    return "\n".join(lines)


async def card_options(ctx: Ctx) -> list[Option]:
    return [Option("apply", N_("✍ Apply"))] if await _program(ctx) else []


async def confirm_text(ctx: Ctx) -> str:
    program = await _program(ctx)
    return ctx._(N_("Send your application for «{title}»? {organization} will receive your name "
                    "and phone and contact you.")).format(
        title=program.title if program else "",
        organization=program.organization if program else "")


async def submit(ctx: Ctx) -> None:
    await save_contact(ctx)
    number, new = await applications.apply(
        ctx.user.id, "program", program_id=int(ctx.data["pick"]), channel=ctx.channel)
    ctx.data["application"] = [number, new]


async def sent_text(ctx: Ctx) -> str:
    number, new = ctx.data["application"]
    if not new:
        return ctx._(N_("You have already applied for this program: application No. {number} "
                        "is being handled.")).format(number=number)
    return ctx._(N_("Thank you! Application No. {number} is sent. They usually call back within "
                    "three working days. «My data» shows your applications.")).format(
        number=number)


DIALOG = Dialog(
    "programs",
    steps=[
        Do("open", opening, next=after_opening),
        Choose("ask", N_("What would you like to learn? Write it in your own words, for "
                         "example «хочу на сварщика» or «1С бухгалтерия онлайн», or choose "
                         "below."), options=ask_options, save_as="how", typed="query",
               next=after_ask),
        Choose("area", N_("Choose an area:"), options=areas, save_as="area", next="by_area"),
        Do("by_area", search_area, next="results"),
        Do("by_test", by_test, next="results"),
        Do("search", search_words, next="results"),
        Choose("results", results_text, options=result_options, fixed=REFINE, save_as="pick",
               typed="query", page_size=PAGE, next=after_results),
        Choose("refine", refine_text, options=refine_options, save_as="refine",
               next=after_refine),
        Do("toggle", toggle, next="results"),
        Choose("f_place", N_("Where should it be?"), options=place_options, save_as="f_place"),
        Do("set_place", set_place, next="results"),
        Choose("f_price", N_("Free or paid?"),
               options=(Option(ANY, N_("Any")), *(Option(k, v) for k, v in PRICES.items())),
               save_as="f_price"),
        Do("set_price", set_price, next="results"),
        Choose("f_form", N_("Which form of study?"),
               options=(Option(ANY, N_("Any")), *(Option(k, v) for k, v in FORMS.items())),
               save_as="f_form"),
        Do("set_form", set_filter("form", "f_form"), next="results"),
        Choose("f_type", N_("Which kind of program?"),
               options=(Option(ANY, N_("Any")), *(Option(k, v) for k, v in TYPES.items())),
               save_as="f_type"),
        Do("set_type", set_filter("type", "f_type"), next="results"),
        Do("clear", clear, next="results"),
        Do("follow", follow),
        Say("followed", followed_text, next="results"),
        Choose("mine", mine_text, options=mine_options, save_as="drop"),
        Do("unfollow", unfollow, next="mine"),
        Choose("card", card_text, options=card_options, save_as="action"),
        *contact_steps(),
        Choose("confirm", confirm_text, options=(Option("send", N_("✅ Send")),),
               save_as="confirm"),
        Do("submit", submit),
        Say("sent", sent_text, next=lambda data: "results" if "q" in data else END),
    ],
    title=N_("🎓 Courses"),
    command="courses",
    about=N_("find a program and apply"),
    needs_consent=True,
    in_menu=True,
)
