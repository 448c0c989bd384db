"""/surveys: answer a survey — one question at a time, progress shown, back, resume later."""

from __future__ import annotations

from backend.i18n import N_, written
from backend.services import surveys, users
from backend.surveys.questions import (
    CHOICE_KINDS,
    Question,
    choices,
    has_english,
    labels,
    next_question,
    parse,
    scale,
    wording,
)
from backend.untrusted import whole
from dialogs.context import Ctx
from dialogs.model import Branch, Choose, Dialog, Do, Option, Say
from dialogs.once import per_turn

SKIP, DONE = "__skip", "__done"
HINTS = {"text": N_("Write your answer."), "number": N_("Write a number."),
         "date": N_("Write a date, for example 25.12.2026.")}

SCALE_ENDS = {"scale5": N_("1 — not at all, 5 — fully. Press a number or type it."),
              "scale10": N_("0 — not at all, 10 — fully. Press a number or type it.")}


async def opening(ctx: Ctx) -> None:
    """A broadcast's button opens one survey: surveys-s12."""
    arg = ctx.arg or ""
    if arg.startswith("s") and whole(arg[1:]) is not None:
        ctx.data["pick"] = arg[1:]
    ctx.data["linked"] = "pick" in ctx.data


async def _open(ctx: Ctx) -> list:
    return await per_turn(ctx, "open", lambda: surveys.open_for(ctx.user.id, ctx.now))


async def list_text(ctx: Ctx) -> str:
    found = await _open(ctx)
    if not found:
        return ctx._(N_("There are no surveys for you right now. Thank you for looking!"))
    lines = [ctx._(N_("Surveys open for you:"))]
    lines += [f"{i}. {written(s.title, s.title_en, ctx.locale)}"
              for i, s in enumerate(found, start=1)]
    return "\n".join(lines)


async def list_options(ctx: Ctx) -> list[Option]:
    return [Option(str(s.id), str(i), translate=False)
            for i, s in enumerate(await _open(ctx), start=1)]


async def begin(ctx: Ctx) -> None:
    filling = await surveys.begin(int(ctx.data["pick"]), ctx.user.id, channel=ctx.channel,
                                  now=ctx.now, response_id=ctx.data.get("response"))
    ctx.data["response"] = filling.response_id
    survey, fresh = filling.survey, not filling.answers
    ctx.data["intro"] = written(survey.intro, survey.intro_en, ctx.locale) if fresh else ""
    ctx.data["russian_only"] = fresh and ctx.locale != "ru" and not (
        survey.title_en and all(map(has_english, await _questions(ctx))))
    for position, value in filling.answers.items():
        ctx.data[f"a{position}"] = value


async def intro_text(ctx: Ctx) -> str:
    return ctx.data["intro"]


def _answers(data: dict) -> dict:
    return {key[1:]: value for key, value in data.items()
            if key.startswith("a") and key[1:].isdigit()}


async def _questions(ctx: Ctx) -> list[Question]:
    pick = int(ctx.data["pick"])
    return await per_turn(ctx, ("questions", pick), lambda: surveys.questions_of(pick))


async def _current(ctx: Ctx) -> Question:
    """The question being asked: the first shown one without an answer (Back takes the last
    answer away, so it is asked again). Its number is kept for `_key`, which cannot wait."""
    question = next_question(await _questions(ctx), _answers(ctx.data))
    if question is not None:
        ctx.data["q"] = question.position
    return question


async def _asked(ctx: Ctx) -> Question:
    """The question whose answer is being taken (its number was kept by `_current`)."""
    return next(q for q in await _questions(ctx) if q.position == ctx.data["q"])


def _key(ctx: Ctx) -> str:
    return f"a{ctx.data['q']}"


async def find_question(ctx: Ctx) -> None:
    """Keep the form of the next question to ask (none when all are answered)."""
    question = await _current(ctx)
    ctx.data["form"] = None if question is None else (
        "multiple" if question.kind == "multiple" else
        "scale" if question.kind == "scale10" else
        "choice" if question.kind in CHOICE_KINDS else "written")


async def question_text(ctx: Ctx) -> str:
    # The total counts every question, so it stays put when a condition hides some.
    questions, question = await _questions(ctx), await _current(ctx)
    number = next(i for i, q in enumerate(questions, start=1) if q.position == question.position)
    lines = []
    if ctx.data.pop("problem", None):
        lines.append(ctx._(N_("Please answer with a number, or a date like 25.12.2026.")))
    if ctx.data.pop("none_chosen", None):
        lines.append(ctx._(N_("Please choose at least one, then «Done».")))
    lines += [f"{number}/{len(questions)}", "", wording(question, ctx.locale)]
    if question.kind == "multiple":
        lines.append(ctx._(N_("Choose all that fit, then «Done».")))
    elif question.kind in SCALE_ENDS:
        lines.append(ctx._(SCALE_ENDS[question.kind]))
    elif question.kind in HINTS:
        lines.append(ctx._(HINTS[question.kind]))
    return "\n".join(lines)


def _skip(question: Question) -> list[Option]:
    return [] if question.required else [Option(SKIP, N_("Skip"))]


async def choice_options(ctx: Ctx) -> list[Option]:
    # A button carries the choice's number: Telegram holds 64 bytes, staff write any length.
    question = await _current(ctx)
    return [*(Option(str(n), v, translate=False)
              for n, v in enumerate(labels(question, ctx.locale))), *_skip(question)]


async def scale_options(ctx: Ctx) -> list[Option]:
    return [Option(str(n), v, translate=False) for n, v in enumerate(scale(
        (await _current(ctx)).kind))]


async def scale_skip(ctx: Ctx) -> list[Option]:
    return _skip(await _current(ctx))


def _chosen(ctx: Ctx, question: Question) -> list[str]:
    return ctx.data.get(f"chosen{question.position}", [])


async def multi_options(ctx: Ctx) -> list[Option]:
    question = await _current(ctx)
    chosen = _chosen(ctx, question)
    shown = labels(question, ctx.locale)
    options = [Option(str(n), ("☑ " if v in chosen else "☐ ") + shown[n], translate=False)
               for n, v in enumerate(question.options)]
    return [*options, Option(DONE, N_("✅ Done"))]  # from the start: it can be typed too


async def toggle(ctx: Ctx) -> None:
    """A press on a choice toggles it; «Done» makes the chosen ones the answer."""
    key = _key(ctx)
    question = await _asked(ctx)
    chosen = list(_chosen(ctx, question))
    pressed = ctx.data.pop(key)
    ctx.data["chose_all"] = pressed == DONE and bool(chosen or not question.required)
    ctx.data["none_chosen"] = pressed == DONE and not ctx.data["chose_all"]
    if ctx.data["chose_all"]:
        ctx.data[key] = chosen or None
        return
    if pressed == DONE:
        return
    value = question.options[int(pressed)]
    ctx.data[f"chosen{question.position}"] = [v for v in chosen if v != value] \
        if value in chosen else [*chosen, value]


async def take_choice(ctx: Ctx) -> None:
    """The pressed number becomes the choice's words, as results and conditions count them."""
    key = _key(ctx)
    pressed = ctx.data[key]
    ctx.data[key] = None if pressed == SKIP else choices(await _asked(ctx))[int(pressed)]


async def take_written(ctx: Ctx) -> None:
    """A number or a date is checked; a wrong one is asked again with the reason."""
    key = _key(ctx)
    ctx.data["problem"] = False
    if ctx.data[key] == SKIP:
        ctx.data[key] = None
        return
    question = await _asked(ctx)
    try:
        ctx.data[key] = parse(question, ctx.data.pop("written"))
    except ValueError:
        ctx.data.pop(key)
        ctx.data["problem"] = True


async def write_options(ctx: Ctx) -> list[Option]:
    return _skip(await _current(ctx))


async def keep(ctx: Ctx) -> None:
    await surveys.save(ctx.data["response"], _answers(ctx.data), ctx.now)


async def finish(ctx: Ctx) -> None:
    ctx.data["mailings"] = await surveys.complete(int(ctx.data["pick"]), ctx.data["response"],
                                                  ctx.user.id, _answers(ctx.data), ctx.now)
    if ctx.data["mailings"]:
        ctx.user = await users.get_user(ctx.user.id)


DIALOG = Dialog(
    "surveys",
    steps=[
        Do("open", opening, next=Branch("linked", {True: "begin", False: "list"})),
        Choose("list", list_text, options=list_options, save_as="pick"),
        Do("begin", begin),
        Say("russian_only", N_("This survey is in Russian only: the Center has not "
                               "translated it yet. You are welcome to answer all the same."),
            skip_if=lambda ctx: not ctx.data.get("russian_only")),
        Say("intro", intro_text, skip_if=lambda ctx: not ctx.data.get("intro")),
        Do("route", find_question, next=Branch("form", {
            "choice": "choose", "scale": "scale", "multiple": "multi", "written": "write",
            None: "finish"})),
        Choose("choose", question_text, options=choice_options, save_as=_key),
        Do("take_choice", take_choice, next="keep"),
        # 0–10 on one screen: eleven numbers in rows of five, Skip below them.
        Choose("scale", question_text, options=scale_options, fixed=scale_skip, save_as=_key,
               page_size=len(scale("scale10")), next="take_choice"),
        Choose("multi", question_text, options=multi_options, save_as=_key),
        Do("toggle", toggle, next=Branch("chose_all", {True: "keep", False: "multi"})),
        Choose("write", question_text, options=write_options, save_as=_key, typed="written",
               numbered=False),
        Do("take_written", take_written, next=Branch("problem", {True: "write", False: "keep"})),
        Do("keep", keep, next="route"),
        Do("finish", finish),
        Say("thanks", N_("Thank you! Your answers are saved. They help the Center plan "
                         "training where it is needed.")),
        Say("mailings", N_("We will tell you about new courses: mailings are on. /stop turns "
                           "them off."), skip_if=lambda ctx: not ctx.data.get("mailings")),
    ],
    title=N_("📝 Surveys"),
    command="surveys",
    words=N_("survey; surveys; poll; questionnaire"),
    about=N_("answer a survey"),
    needs_consent=True,
    in_menu=True,
)

