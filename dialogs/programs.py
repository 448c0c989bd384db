"""/courses: find a program in one's own words, by area or by test result; apply; follow."""

from __future__ import annotations

from datetime import timedelta

from backend.i18n import N_
from backend.services import career, programs, programs_search
from backend.services.programs import ProgramInfo
from backend.untrusted import whole
from dialogs.applications import age_steps, contact_steps
from dialogs.context import Ctx
from dialogs.filtering import ANY, set_filter
from dialogs.menu import SEARCH
from dialogs.model import END, TYPED, Choose, Dialog, Do, NeedsConsent, Option, Say
from dialogs.once import per_turn
from dialogs.programs_card import (
    adults_only,
    after_card,
    card_options,
    card_text,
    confirm_text,
    mark_adults_only,
    program_picked,
    sent_text,
    submit,
)
from dialogs.programs_filters import (
    STOP,
    after_refine,
    after_stop,
    clear,
    follow,
    followed_text,
    list_followed,
    mine_options,
    mine_text,
    place_options,
    refine_options,
    refine_text,
    set_place,
    set_price,
    stop_text,
    toggle,
    unfollow,
)
from dialogs.programs_labels import FORMS, KINDS, PRICES, filter_summary, price, where

PAGE = 5
MAX_RESULTS = 50  # ten pages; past that, narrowing the search helps more than paging
MONTH = timedelta(days=31)


# ---- how the resident starts ---------------------------------------------------------------

async def opening(ctx: Ctx) -> None:
    """A deep link opens a program card ("p12") or the test's matches ("test"); words typed
    at the main menu are searched ("q:<words>")."""
    arg = ctx.arg or ""
    ctx.data["filters"] = {}
    if arg.startswith("p") and whole(arg[1:]) is not None:
        ctx.data["pick"] = arg[1:]
    elif arg == "test":
        await by_test(ctx)
    elif arg.startswith(SEARCH):
        ctx.data["query"] = arg.removeprefix(SEARCH)
        await search_words(ctx)


def after_opening(data: dict) -> str:
    if "pick" in data:
        return "card"
    return "results" if "filters_test" in data or "q" in data else "ask"


async def _test_results(ctx: Ctx) -> list:
    return await per_turn(ctx, "test_results", lambda: career.list_results(ctx.user.id))


async def ask_options(ctx: Ctx) -> list[Option]:
    options = [Option("areas", N_("📚 Choose an area"))]
    if await _test_results(ctx):
        options.append(Option("test", N_("🧭 By my test result")))
    if await list_followed(ctx):
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


async def search_suggested(ctx: Ctx) -> None:
    """A button of the «nothing found» screen: the corrected words, or a near area."""
    pick = ctx.data["pick"]
    if pick == CORRECTED:
        ctx.data["query"] = (await _suggestion(ctx)).did_you_mean
        await search_words(ctx)
    else:
        ctx.data["area"] = pick.removeprefix(NEAR)
        await search_area(ctx)


async def search_like(ctx: Ctx) -> None:
    """Enrolment has closed: the resident follows programs like this one, by its title."""
    program = await program_picked(ctx)
    ctx.data["query"] = program.title if program else ""
    await search_words(ctx)


async def by_test(ctx: Ctx) -> None:
    results = await _test_results(ctx)
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


def _line(ctx: Ctx, number: int, program: ProgramInfo) -> str:
    parts = [f"{number}. {program.title}", where(program)]
    details = [ctx.ngettext("{n} hour", "{n} hours", program.hours).format(n=program.hours),
               price(ctx, program)]
    if program.distance:
        details.append(ctx._(N_("online")))
    if program.start_date and not programs.enrolment_open(program, ctx.now.date()):
        details.append(ctx._(N_("started {date}, enrolment closed")).format(
            date=ctx.date(program.start_date)))
    elif program.start_date:
        details.append(ctx._(N_("from {date}")).format(date=ctx.date(program.start_date)))
    return "\n".join([parts[0], "   " + parts[1], "   " + " · ".join(details)])


async def _suggestion(ctx: Ctx) -> programs_search.Suggestion:
    query = ctx.data.get("q", "")
    return await per_turn(ctx, ("suggest", query), lambda: programs_search.suggest(query))


def _nothing_head(ctx: Ctx) -> str:
    if ctx.data.get("filters_test"):
        return ctx._(N_("No program matches your test result yet."))
    if query := ctx.data.get("q", ""):
        return ctx._(N_("Nothing found for «{query}».")).format(query=query)
    return ctx._(N_("No programs in this area yet."))


async def results_text(ctx: Ctx) -> str:
    total, found = await _found(ctx)
    query = ctx.data.get("q", "")
    if not total:
        head = _nothing_head(ctx)
    elif ctx.data.get("filters_test"):
        head = ctx.ngettext("{n} program matches your test result.",
                            "{n} programs match your test result.", total)
    elif query:
        head = ctx.ngettext("Found {n} program for «{query}».",
                            "Found {n} programs for «{query}».", total)
    else:
        head = ctx.ngettext("{n} program in this area.", "{n} programs in this area.", total)
    lines = [head.format(n=total, query=query) if total else head]
    if summary := filter_summary(ctx):
        lines.append(summary)
    if not found:
        return "\n".join(lines + await _nothing_next(ctx))
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


async def _nothing_next(ctx: Ctx) -> list[str]:
    """Nothing found: a correction if one finds something, then what else the resident can do."""
    lines = []
    if ctx.data.get("q") and (corrected := (await _suggestion(ctx)).did_you_mean):
        lines.append(ctx._(N_("Did you mean «{query}»?")).format(query=corrected))
    lines.append(ctx._(N_("Try fewer or other words, clear the filters, or choose an area "
                          "below. You can write a new search right here.")))
    if ctx.data.get("q"):
        lines.append(ctx._(N_("Or tap «🔔 Tell me when it appears»: we will write as soon as "
                              "such a program is published.")))
    return lines


REFINE = (Option("refine", N_("⚙ Filters and alerts")),)
CORRECTED, NEAR = "corrected", "near:"


async def fixed_options(ctx: Ctx) -> list[Option]:
    """Nothing found: a corrected search, the nearest areas and an alert offered as buttons."""
    total, _ = await _found(ctx)
    if total:
        return list(REFINE)
    options = []
    if ctx.data.get("q"):
        suggestion = await _suggestion(ctx)
        if suggestion.did_you_mean:
            options.append(Option(CORRECTED, f"🔎 {suggestion.did_you_mean}", translate=False))
        options += [Option(f"{NEAR}{area.id}", f"📚 {area.name}", translate=False)
                    for area in suggestion.areas]
        options.append(Option("follow", N_("🔔 Tell me when it appears")))
    set_filters = [k for k in ctx.data.get("filters", {}) if k != "competencies"]
    return [*options, Option("areas", N_("📚 Choose an area")),
            *([Option("clear", N_("✖ Clear filters"))] if set_filters else []), *REFINE]


def after_results(data: dict) -> str:
    pick = data["pick"]
    if pick == CORRECTED or pick.startswith(NEAR):
        return "suggested"
    return {TYPED: "search", "refine": "refine", "areas": "area", "clear": "clear",
            "follow": "consent_follow"}.get(pick, "card")


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
        Do("suggested", search_suggested, next="results"),
        Choose("results", results_text, options=result_options, fixed=fixed_options,
               save_as="pick",
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
               options=(Option(ANY, N_("Any kind")), *(Option(k, v) for k, v in KINDS.items())),
               save_as="f_type"),
        Do("set_type", set_filter("type", "f_type"), next="results"),
        Do("clear", clear, next="results"),
        NeedsConsent("consent_follow"),
        Do("follow", follow),
        Say("followed", followed_text, next="results"),
        Choose("mine", mine_text, options=mine_options, save_as="drop"),
        Choose("stop", stop_text, options=STOP, save_as="stop", next=after_stop),
        Do("unfollow", unfollow, next="mine"),
        Choose("card", card_text, options=card_options, save_as="action", next=after_card),
        Do("like", search_like, next="consent_follow"),
        NeedsConsent("consent"),
        Do("adults_only", mark_adults_only),
        *age_steps(N_("How old are you? This program usually takes adults."),
                   needed=adults_only),
        *contact_steps(),
        Choose("confirm", confirm_text, options=(Option("send", N_("✅ Send")),),
               save_as="confirm"),
        Do("submit", submit, settles=True),
        Say("sent", sent_text, next=lambda data: "results" if "q" in data else END),
    ],
    title=N_("🎓 Courses"),
    command="courses",
    words=N_("courses; programs; catalog; study; training"),
    about=N_("find a program and apply"),
    in_menu=True,
    resumable=False,  # browsing: coming back starts at the question, typed text is a search
)
