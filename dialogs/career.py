"""/test: «Компас профессий», 30 work activities, three answers each, a result with a picture."""

from __future__ import annotations

from datetime import datetime

from backend.career.chart import profile_png
from backend.career.scoring import TYPES, band
from backend.i18n import N_
from backend.services import career, events
from dialogs.applications import age_steps
from dialogs.context import Ctx
from dialogs.model import Attachment, Choose, Dialog, Do, Jump, Option, Say

ANSWERS = (Option("2", N_("Interesting")), Option("1", N_("Not sure")),
           Option("0", N_("Not interesting")))
FLAG_TEXTS = {
    "flat": N_("Your interests are not clear-cut yet, and that is fine. Career trials help to "
               "find out what you like."),
    "acquiescence": N_("You found almost everything interesting. A talk with a career "
                       "counsellor will help to narrow it down."),
    "all_zero": N_("Nothing caught your interest this time. A career counsellor can help to "
                   "look at it from another side."),
    "too_fast": N_("You answered very quickly. If you like, take the test again without "
                   "hurrying."),
}
BAR = 10  # characters in a text bar


def answered(data: dict) -> int:
    return sum(1 for key in data if key[0] == "a" and key[1:].isdigit())


def answer_key(ctx: Ctx) -> str:
    return f"a{answered(ctx.data) + 1}"


async def intro(ctx: Ctx) -> str:
    return ctx._(N_("«Career compass»: 30 short activities. For each, say whether it would be "
                    "interesting to do. It takes about 5 minutes; you can go back one step or "
                    "stop and continue within a day. There are no right or wrong answers."))


async def begin(ctx: Ctx) -> None:
    version = await career.current_version()
    ctx.data.update(version=version, total=len(await career.items(version)),
                    started=ctx.now.timestamp(),
                    attempt=await career.start_attempt(ctx.user.id, version, ctx.now))


async def progress(ctx: Ctx) -> None:
    await career.record_progress(ctx.data["attempt"], answered(ctx.data))


async def item_text(ctx: Ctx) -> str:
    bank = await career.items(ctx.data["version"])
    item = bank[answered(ctx.data)]
    text = career.localized(item, "text", ctx.locale)
    return f"{answered(ctx.data) + 1}/{len(bank)}\n\n{text}"


def after_item(data: dict) -> str:
    return "item" if answered(data) < data["total"] else "finish"


async def finish(ctx: Ctx) -> None:
    answers = {int(key[1:]): int(value) for key, value in ctx.data.items()
               if key.startswith("a") and key[1:].isdigit()}
    started = datetime.fromtimestamp(ctx.data["started"], ctx.now.tzinfo)
    saved, result = await career.finish(ctx.user.id, ctx.data["version"], answers, started,
                                        ctx.now, ctx.data["attempt"])
    event = await career.recommend_event(result.scores, ctx.user.municipality_id, ctx.now,
                                         result.declined)
    ctx.data["result"] = {"scores": result.scores, "groups": [list(g) for g in result.groups],
                          "flags": list(result.flags), "id": saved.id, "event": event,
                          "declined": list(result.declined)}


def _names(ctx: Ctx, texts: dict[str, career.TypeText]) -> dict[str, str]:
    return {t: career.localized(texts[t], "name", ctx.locale) for t in TYPES}


async def result_text(ctx: Ctx) -> str:
    result, texts = ctx.data["result"], await career.type_texts(ctx.data["version"])
    names = _names(ctx, texts)
    leading = result["groups"][0]
    if "flat" in result["flags"]:  # no type leads: say so kindly, list no professions
        lines = [ctx._(FLAG_TEXTS["flat"]), "", *_bars(ctx, result["scores"], names)]
        lines += [ctx._(FLAG_TEXTS[flag]) for flag in result["flags"] if flag != "flat"]
        lines += ["", ctx._(N_("A next step: an open day or a career trial (/events), or a talk "
                               "with a career counsellor (/consult)."))]
        return "\n".join(lines)
    lines = [ctx._(N_("Your leading type: {types}")).format(
        types=", ".join(names[t] for t in leading))]
    lines += [career.localized(texts[t], "about", ctx.locale) for t in leading]
    lines += ["", *_bars(ctx, result["scores"], names), ""]
    lines.append(ctx._(N_("Professions in demand in the region: {list}")).format(
        list="; ".join(career.localized(texts[t], "professions", ctx.locale)
                       for t in leading)))
    lines += [ctx._(FLAG_TEXTS[flag]) for flag in result["flags"]]
    lines += await _what_to_try(ctx, result)
    lines += ["", ctx._(N_("Remember: the test shows interests, not abilities."))]
    return "\n".join(lines)


def _bars(ctx: Ctx, scores: dict[str, int], names: dict[str, str]) -> list[str]:
    ranked = sorted(TYPES, key=lambda t: (-scores[t], TYPES.index(t)))
    return [f"{names[t]} {'▓' * scores[t]}{'░' * (BAR - scores[t])} {scores[t]}/10 · "
            + ctx._({"low": N_("low"), "middle": N_("middle"), "high": N_("high")}[
                band(scores[t])]) for t in ranked]


async def _what_to_try(ctx: Ctx, result: dict) -> list[str]:
    lines = []
    programs = await career.recommend_programs(
        result["scores"], ctx.user.municipality_id, ctx.now.date(),
        age_group=ctx.user.age_group, declined=result.get("declined", ()))
    if programs:
        lines += ["", ctx._(N_("Programs to start with:"))]
        lines += [f"• {p.title} — {p.organization}"
                  + (f", {p.municipality}" if p.municipality else "") for p in programs]
    event = (await events.published_or_cancelled_event(result["event"])
             if result.get("event") else None)
    if event:
        lines += ["", ctx._(N_("Try it in practice: {title}, {when}")).format(
            title=event.title, when=ctx.datetime(event.starts_at))]
    return lines


async def picture(ctx: Ctx) -> Attachment:
    names = _names(ctx, await career.type_texts(ctx.data["version"]))
    scores = ctx.data["result"]["scores"]
    png = profile_png([names[t] for t in TYPES], [scores[t] for t in TYPES],
                      ctx._(N_("Your interest profile")))
    return Attachment("profile.png", png)


AFTER = (Option("programs", N_("🎓 Matching programs")),
         Option("consult", N_("💬 Talk to a counsellor")),
         Option("again", N_("Take the test again")))


async def after_options(ctx: Ctx) -> list[Option]:
    event = (Option("event", N_("📅 Sign up for the event")),) if ctx.data["result"].get(
        "event") else ()
    return [*event, *AFTER]


def after(data: dict) -> Jump:
    return {"programs": Jump("programs", "test"), "consult": Jump("consult"),
            "again": Jump("career"),
            "event": Jump("events", f"e{data['result'].get('event')}")}[data["after"]]

DIALOG = Dialog(
    "career",
    steps=[
        Choose("intro", intro, options=(Option("go", N_("Start the test")),), save_as="go"),
        *age_steps(N_("How old are you? Programs and advice differ for pupils and adults.")),
        Do("begin", begin),
        Choose("item", item_text, options=ANSWERS, save_as=answer_key),
        Do("progress", progress, next=after_item),
        Do("finish", finish, settles=True),
        Say("result", result_text, attachment=picture),
        Choose("after", N_("What next?"), options=after_options, save_as="after", next=after),
    ],
    title=N_("🧭 Career test"),
    command="test",
    words=N_("test; career test; career guidance"),
    about=N_("career guidance test"),
    needs_consent=True,
    in_menu=True,
)
