"""/courses: narrowing the results, and the alerts a resident follows."""

from __future__ import annotations

from backend.i18n import N_
from backend.services import programs_search, programs_subscriptions
from dialogs.context import Ctx
from dialogs.filtering import ANY
from dialogs.model import Option
from dialogs.once import forget, per_turn
from dialogs.places import places
from dialogs.programs_labels import FORMS, KINDS, PRICES, filter_list, filter_summary
from dialogs.words import NO, YES


async def refine_text(ctx: Ctx) -> str:
    lines = [ctx._(N_("Narrow the search, or ask us to tell you about new programs like these."))]
    if summary := filter_summary(ctx):
        lines.append(summary)
    return "\n".join(lines)


CHOICES = {"place": N_("📍 Where: {value}"), "price": N_("💸 Price: {value}"),
           "form": N_("🏫 Form: {value}"), "type": N_("📜 Kind: {value}")}
# Each filter when not set, whole: "any" agrees with its word («Вид: любой», «Цена: любая»).
UNSET = {"place": N_("📍 Where: anywhere"), "price": N_("💸 Price: any"),
         "form": N_("🏫 Form: any"), "type": N_("📜 Kind: any")}
TOGGLES = {"distance": N_("Online"), "month": N_("Starts within a month")}


async def refine_options(ctx: Ctx) -> list[Option]:
    values, _ = ctx.data["filters"], ctx._
    price = {True: "free", False: "paid"}.get(values.get("free"))
    chosen = {"place": values.get("municipality"),
              "price": _(PRICES[price]) if price else None,
              "form": _(FORMS[values["form"]]) if values.get("form") else None,
              "type": _(KINDS[values["type"]]) if values.get("type") else None}
    return [
        *(Option(key, _(CHOICES[key]).format(value=value) if value else _(UNSET[key]),
                 translate=False) for key, value in chosen.items()),
        *(Option(key, ("☑ " if values.get(key) else "☐ ") + _(label), translate=False)
          for key, label in TOGGLES.items()),
        Option("follow", N_("🔔 Tell me about new ones")),
        Option("clear", N_("✖ Clear filters")),
    ]


def after_refine(data: dict) -> str:
    return {"place": "f_place", "price": "f_price", "form": "f_form", "type": "f_type",
            "follow": "consent_follow", "clear": "clear"}.get(data["refine"], "toggle")


async def toggle(ctx: Ctx) -> None:
    key = ctx.data["refine"]
    if ctx.data["filters"].get(key):
        ctx.data["filters"].pop(key)
    else:
        ctx.data["filters"][key] = True


async def _places(ctx: Ctx) -> list[Option]:
    return await per_turn(ctx, "places", lambda: places(ctx))


async def place_options(ctx: Ctx) -> list[Option]:
    return [Option(ANY, N_("Anywhere")), *await _places(ctx)]


async def set_place(ctx: Ctx) -> None:
    """The search filters by the place's name (an alert keeps it); the button carried its id."""
    answer = ctx.data["f_place"]
    if answer == ANY:
        ctx.data["filters"].pop("municipality", None)
    else:
        names = {option.value: option.label for option in await _places(ctx)}
        ctx.data["filters"]["municipality"] = names[answer]


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

async def list_followed(ctx: Ctx) -> list[programs_subscriptions.Subscription]:
    return await per_turn(ctx, "followed", lambda: programs_subscriptions.of_user(ctx.user.id))


async def mine_text(ctx: Ctx) -> str:
    followed = await list_followed(ctx)
    if not followed:
        return ctx._(N_("You do not follow any searches."))
    lines = [ctx._(N_("You will hear about new programs for:"))]
    for number, alert in enumerate(followed, start=1):
        lines += [f"{number}. {_alert_line(ctx, alert)}"]
    lines.append(ctx._(N_("Tap a number to stop that alert.")))
    return "\n".join(lines)


def _alert_line(ctx: Ctx, alert: programs_subscriptions.Subscription) -> str:
    shown = filter_list(ctx, alert.filters)
    return f"«{alert.label}» · " + (", ".join(shown) if shown else ctx._(N_("no filters")))


async def stop_text(ctx: Ctx) -> str:
    chosen = [a for a in await list_followed(ctx) if str(a.id) == ctx.data.get("drop")]
    ask = ctx._(N_("Stop following this search?"))
    return ask + ("\n" + _alert_line(ctx, chosen[0]) if chosen else "")


STOP = (Option("yes", N_("Yes, stop"), aliases=YES), Option("no", N_("No, keep it"), aliases=NO))


def after_stop(data: dict) -> str:
    return "unfollow" if data["stop"] == "yes" else "mine"


async def mine_options(ctx: Ctx) -> list[Option]:
    followed = await list_followed(ctx)
    return [Option(str(s.id), str(i), translate=False) for i, s in enumerate(followed, start=1)]


async def unfollow(ctx: Ctx) -> None:
    forget(ctx, "followed")
    await programs_subscriptions.unsubscribe(ctx.user.id, int(ctx.data.pop("drop")),
                                             channel=ctx.channel)
