"""The dialog engine: one input of one resident in, localized replies out.

Callers handle one user's inputs one at a time (the inbox does); different users run
concurrently. Session state is plain JSON in the store, with a TTL.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from backend import availability, i18n
from backend.errors import ERRORS, ServiceError
from backend.i18n import N_
from backend.services import users
from backend.store import Store
from backend.untrusted import whole
from dialogs import words
from dialogs.context import Ctx
from dialogs.model import (
    END,
    LINK,
    TYPED,
    Again,
    Ask,
    Button,
    Choose,
    Click,
    Contact,
    Dialog,
    Do,
    Input,
    InvalidInput,
    Jump,
    NeedsConsent,
    Option,
    Reply,
    Say,
    Start,
    Step,
    Text,
)

log = logging.getLogger(__name__)

MENU, ONBOARDING, CONSENT = "menu", "start", "consent"
HUMAN = "consultations"  # offered after two inputs in a row the bot did not understand
MISSES = "misses"  # in a session: how many inputs in a row were not understood
BACK, HOME, PREV, NEXT, CONTINUE, RESTART = "#back", "#menu", "#prev", "#next", "#cont", "#again"
HOME_WORDS = N_("menu; main menu; home")  # typed, they go to the main menu
PAUSED = "paused"  # in a session: the dialogs left halfway, each as it stood
KEPT = ("step", "page", "data", "arg", "history")  # what a paused dialog keeps
MAX_BUTTONS = 10  # VK inline keyboards hold at most 10 buttons; page the rest
MAX_ROWS = 6  # and at most 6 rows
HISTORY = 50  # answers Back can undo
PAYLOAD_BYTES = 64  # Telegram callback_data limit
TEXT_LIMIT = 4096
_INVISIBLE = {"Cf", "Cc", "Cs", "Co"}  # format (zero-width, bidi), control, surrogates, private


@functools.cache
def phrases(locale: str, msgid: str) -> set[tuple[str, ...]]:
    """The «;»-separated phrases of a msgid, as typed words, in a language."""
    return words.phrases(i18n.gettext(locale, msgid))


def _within(phrase: tuple[str, ...], typed: tuple[str, ...]) -> bool:
    """Whether the phrase's words stand together, in order, among the typed ones."""
    return any(typed[i:i + len(phrase)] == phrase for i in range(len(typed) - len(phrase) + 1))


@dataclass(frozen=True)
class Account:
    """A channel account as an adapter sees it; `evidence` is the update's id."""

    platform: str
    external_id: str
    evidence: str | None = None


def clean_text(text: str) -> str:
    """NFC, without invisible and control characters that break matching and display."""
    text = unicodedata.normalize("NFC", text[: TEXT_LIMIT * 2])
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE
            or ch == "\u200d")  # ZWJ keeps composed emoji whole
    return "".join(kept).strip()


def fill(text: str, data: Mapping) -> str:
    try:
        return text.format_map(data)
    except (KeyError, IndexError, ValueError):
        return text


class Engine:
    def __init__(
        self,
        store: Store,
        registry: Mapping[str, Dialog],
        *,
        default_locale: str = "ru",
        session_ttl: float = 24 * 3600,
        resume_after: float = 30 * 60,
    ) -> None:
        self.store = store
        self.registry = registry
        self.default_locale = default_locale
        self.session_ttl = session_ttl
        self.resume_after = resume_after
        self.commands = {d.command: d.id for d in registry.values() if d.command}
        self._sections: dict[str, dict[tuple[str, ...], str]] = {}

    def sections(self, locale: str) -> dict[tuple[str, ...], str]:
        """Typed words that open a dialog («курсы» → programs), in a language."""
        if locale not in self._sections:
            self._sections[locale] = {
                phrase: dialog.id for dialog in self.registry.values() if dialog.words
                for phrase in phrases(locale, dialog.words)}
        return self._sections[locale]

    def section(self, locale: str, typed: tuple[str, ...]) -> str | None:
        """The dialog typed words open: a section's phrase as it is, or one of two words or
        more inside a longer message («хочу поговорить с живым человеком»), the longest."""
        table = self.sections(locale)
        if typed in table:
            return table[typed]
        inside = [(len(phrase), dialog) for phrase, dialog in table.items()
                  if len(phrase) > 1 and _within(phrase, typed)]
        return max(inside)[1] if inside else None

    async def handle(
        self, account: Account, event: Input, now: datetime | None = None
    ) -> list[Reply]:
        now = now or datetime.now(UTC)
        user = await users.resolve_user(account.platform, account.external_id, now)
        key = f"session:{user.id}"
        session = await self.store.get(key)
        turn = _Turn(self, user, account, session, now)
        try:
            await turn.dispatch(event)
            turn.offer_a_person()
        except ServiceError as exc:
            turn.say(fill(turn.ctx._(ERRORS[exc.code]), exc.params))
            await turn.show_current()
        except Exception as exc:
            if availability.unavailable(exc):
                raise  # not the resident's doing: the inbox tries again when it is back
            log.exception("dialog %s step %s failed", turn.session.get("dialog"),
                          turn.session.get("step"))
            turn.replies.clear()
            turn.say(turn.ctx._(N_("Sorry, something went wrong on our side. "
                                   "Please try again in a minute.")))
            await turn.start_dialog(MENU, keep_progress=False)
        turn.session["at"] = now.timestamp()
        await self.store.set(key, turn.session, self.session_ttl)
        return turn.replies


class _Turn:
    """One input being handled: the session being changed and the replies collected."""

    def __init__(self, engine: Engine, user: users.UserInfo, account: Account,
                 session: dict | None, now: datetime) -> None:
        self.engine = engine
        self.session = session or {}
        self.ctx = Ctx(user, account.platform, now, engine.default_locale,
                       data=self.session.get("data", {}), arg=self.session.get("arg"),
                       evidence=account.evidence)
        self.replies: list[Reply] = []
        self.missed = False  # this input was not understood

    @property
    def dialog(self) -> Dialog | None:
        return self.engine.registry.get(self.session.get("dialog", ""))

    def say(self, text: str) -> None:
        self.replies.append(Reply(text))

    def offer_a_person(self) -> None:
        """After two inputs in a row the bot did not understand, offer to ask a person."""
        misses = self.session.get(MISSES, 0) + 1 if self.missed else 0
        if misses >= 2 and HUMAN in self.engine.registry and self.session.get("dialog") != HUMAN:
            _ = self.ctx._
            button = Button(_(N_("🙋 Ask a person")), f"{LINK}|{HUMAN}")
            self.replies.append(Reply(_(N_("It seems I do not understand. Would you like to ask "
                                           "a consultant of the Center? /operator")),
                                      ((button,),)))
            misses = 0
        if misses:
            self.session[MISSES] = misses
        else:
            self.session.pop(MISSES, None)

    # ---- input -------------------------------------------------------------------------

    async def dispatch(self, event: Input) -> None:
        if isinstance(event, Again):
            if self.dialog is not None and "step" in self.session:
                await self.show_current()
                return
            event = Start()
        if isinstance(event, Text):
            event = Text(clean_text(event.text))
            if event.text.startswith("/"):
                event = self._command(event.text)
        elif isinstance(event, Click) and event.payload.startswith(LINK + "|"):
            event = Start(None, event.payload[len(LINK) + 1:] or None)  # a notice's button
        user = self.ctx.user
        if user.locale is None or user.pd_consent is None:
            onboarding = self.session.get("dialog") in (ONBOARDING, CONSENT)
            if onboarding and not isinstance(event, Start):
                await self._answer(event)
            else:
                await self.start_dialog(ONBOARDING, getattr(event, "arg", None))
            return
        if isinstance(event, Start):
            await self._start(event)
        elif self.dialog is None:  # the session expired, or the store lost it
            self.say(self.ctx._(N_("Sorry, I lost track of our conversation. "
                                   "Let's start again from the main menu.")))
            await self.start_dialog(MENU)
        elif self._idle() and self._resumable() and not isinstance(event, Click):
            await self._prompt_resume()
        else:
            await self._answer(event)

    def _command(self, text: str) -> Start | Text:
        name, _, arg = text[1:].partition(" ")
        name = name.split("@", 1)[0].lower()  # "/help@copp_bot" in group chats
        if name == "start":
            return Start(None, arg.strip() or None)
        if name in self.engine.commands:
            return Start(self.engine.commands[name], arg.strip() or None)
        return Text(text)

    async def _start(self, event: Start) -> None:
        if event.dialog:
            await self.open(event.dialog, event.arg)
            return
        if event.arg:  # deep link "<dialog>" or "<dialog>-<argument>"
            name, _, arg = event.arg.partition("-")
            if name in self.engine.registry and name not in (ONBOARDING, CONSENT):
                await self.open(name, arg or None)
                return
        if self._resumable():
            await self._prompt_resume()
        else:
            await self.start_dialog(MENU)

    async def open(self, dialog_id: str, arg: str | None = None) -> None:
        """Start a dialog the resident asked for, via consent if it needs personal data."""
        dialog = self.engine.registry.get(dialog_id)
        if dialog is None:
            await self.start_dialog(MENU)
        elif dialog.needs_consent and not self.ctx.user.pd_consent:
            self.say(self.ctx._(ERRORS["consent_required"]))
            await self.start_dialog(CONSENT, dialog_id)
        elif (paused := self._left_halfway().get(dialog_id)) and arg in (None, paused["arg"]):
            await self._resume(dialog_id)
        else:
            await self.start_dialog(dialog_id, arg)

    def _idle(self) -> bool:
        return self.ctx.now.timestamp() - self.session.get("at", 0) > self.engine.resume_after

    def _resumable(self) -> bool:
        dialog = self.dialog
        return bool(dialog and dialog.resumable and self.session.get("history")
                    and not self.session.get("settled"))

    async def _answer(self, event: Input) -> None:
        step = self.dialog.step(self.session["step"]) if self.dialog else None
        if isinstance(event, Text) and not event.text.startswith("/"):
            event = await self._typed_press(step, event.text) or event
        if isinstance(event, Start):
            await self._start(event)
        elif isinstance(event, Click):
            await self._click(event, step)
        elif isinstance(event, Contact) and isinstance(step, Ask) and step.request_contact:
            await self._take_text(step, event.phone)
        elif isinstance(event, Text) and isinstance(step, Ask) and not event.text.startswith("/"):
            await self._take_text(step, event.text)
        elif (isinstance(event, Text) and isinstance(step, Choose) and step.typed
              and not event.text.startswith("/") and not self.session.get("prompt")):
            if event.text and len(event.text) <= 200:
                self.ctx.data[step.typed] = event.text
                await self._advance(step, TYPED)
            else:
                self.say(self.ctx._(N_("Please write it in a few words.")))
                await self.show_current()
        elif isinstance(event, Text) and event.text.startswith("/"):
            self.missed = True
            self.say(self.ctx._(N_("I don't know this command. Here is where we are:")))
            await self.show_current()
        elif isinstance(step, Choose) or self.session.get("prompt"):
            self.missed = True
            self.say(self.ctx._(N_("Please choose one of the options below.")))
            await self.show_current()
        else:
            await self.show_current()

    async def _typed_press(self, step: Step | None, text: str) -> Click | Start | None:
        """A typed label counts as a press (VK without callbacks, the terminal); a number typed
        where the buttons are not numbered by position is an answer ("8" on a 0–10 scale).
        «меню» goes home anywhere; a section's name opens it where a choice is expected."""
        press = self._match_label(text) or await self._match_option(step, text)
        if press is None and self._numbered(step, self.session.get("shown", [])):
            press = self._match_number(text)
        typed = words.key(text)
        if press is None and typed in phrases(self.ctx.locale, HOME_WORDS):
            press = Click(f"{self._rev()}|{HOME}")
        if press is None and not self._writing(step):
            section = self.engine.section(self.ctx.locale, typed)
            press = Start(section) if section else None
        return press

    def _writing(self, step: Step | None) -> bool:
        """Whether the resident is writing an answer rather than choosing."""
        return not self.session.get("prompt") and (
            isinstance(step, Ask) or isinstance(step, Choose) and not step.numbered)

    def _numbered(self, step: Step | None, shown: list) -> bool:
        """Whether buttons are pressed by their position: not where the resident writes an
        answer (a number there is the answer), nor where labels are numbers themselves."""
        return not self._writing(step) and not any(label.strip().isdecimal()
                                                   for label, _ in shown)

    def _match_label(self, text: str) -> Click | None:
        """A typed label counts as a press (VK without callbacks, the terminal)."""
        for label, payload in self.session.get("shown", []):
            if words.same(text, label):
                return Click(payload)
        return None

    def _match_number(self, text: str) -> Click | None:
        """So does a button's number, counted over everything shown."""
        shown = self.session.get("shown", [])
        number = whole(text, 1, len(shown))
        return None if number is None else Click(shown[number - 1][1])

    async def _match_option(self, step: Step | None, text: str) -> Click | None:
        """A typed label of an option on another page of a long list."""
        if not isinstance(step, Choose) or self.session.get("prompt"):
            return None
        for option in await self._options(step):
            label = self.ctx._(option.label) if option.translate else option.label
            if any(words.same(text, name) for name in (label, *option.aliases)):
                return Click(f"{self._rev()}|{option.value}")
        return None

    async def _click(self, event: Click, step: Step | None) -> None:
        rev, _, value = event.payload.partition("|")
        if rev != self._rev() or not value:
            await self.show_current()  # a button from an older message
        elif value == HOME:
            await self.start_dialog(MENU)
        elif value == CONTINUE and self.session.get("prompt"):
            self.session.pop("prompt")
            await self.show_current()
        elif value == RESTART and self.session.get("prompt"):
            await self.start_dialog(self.session["dialog"], self.session.get("arg"))
        elif value == BACK:
            history = self.session.get("history", [])
            if history:
                step_id, key, *page = history.pop()  # sessions before 2026-11 had no page
                self.ctx.data.pop(key, None)  # the question is asked again
                self.session["step"], self.session["page"] = step_id, (page or [0])[0]
                await self.show_current()
            else:
                await self.start_dialog(MENU)
        elif value in (PREV, NEXT) and isinstance(step, Choose):
            self.session["page"] = self.session.get("page", 0) + (1 if value == NEXT else -1)
            await self.show_current()
        elif isinstance(step, Choose) and not self.session.get("prompt"):
            options = await self._options(step)
            if value in {option.value for option in options}:
                await self._advance(step, value)
            else:
                await self.show_current()
        else:
            await self.show_current()

    async def _take_text(self, step: Ask, text: str) -> None:
        try:
            if not text:
                raise InvalidInput(N_("Please write your answer in words."))
            if len(text) > step.max_length:
                raise InvalidInput(
                    N_("That is too long for this question. Please make it shorter.")
                )
            value = step.parse(text)
        except InvalidInput as exc:
            self.missed = True
            self.say(self.ctx._(exc.message))
            await self.show_current()
            return
        await self._advance(step, value)

    # ---- flow ----------------------------------------------------------------------------

    async def start_dialog(self, dialog_id: str, arg: str | None = None, *,
                           keep_progress: bool = True) -> None:
        """Start afresh; the dialog being left keeps its progress for a later return."""
        paused = self._left_halfway() if keep_progress else self.session.get(PAUSED, {})
        paused.pop(dialog_id, None)
        self._enter(dialog_id, {"data": {}, "arg": arg, "history": []}, paused)
        await self._run(self.engine.registry[dialog_id].steps[0].id)

    async def _resume(self, dialog_id: str) -> None:
        """Back in a dialog left halfway: where it stopped, with «start over» offered; or, from
        the consent it waited for, straight on from where it was asked."""
        paused = self._left_halfway()
        state = paused.pop(dialog_id)
        run = state.pop("run", False)
        if run and not self.ctx.user.pd_consent:  # declined: browse again from the start
            await self.start_dialog(dialog_id, state["arg"])
            return
        self._enter(dialog_id, state, paused)
        if run:
            await self._run(state["step"])
        else:
            await self._prompt_resume()

    async def _consent_first(self, step_id: str) -> None:
        """Ask for consent now; the dialog waits to go on from `step_id` after «I agree»."""
        paused = self._left_halfway()
        state = {key: self.session[key] for key in KEPT if key in self.session}
        paused[self.session["dialog"]] = {**state, "step": step_id, "run": True}
        self.say(self.ctx._(ERRORS["consent_required"]))
        self._enter(CONSENT, {"data": {}, "arg": self.session["dialog"], "history": []}, paused)
        await self._run(self.engine.registry[CONSENT].steps[0].id)

    def _enter(self, dialog_id: str, state: dict, paused: dict) -> None:
        self.session = {"dialog": dialog_id, **state, "rev": self.session.get("rev", 0),
                        "at": self.session.get("at", 0)}
        if paused:
            self.session[PAUSED] = paused
        self.ctx.data, self.ctx.arg = self.session["data"], self.session["arg"]

    def _left_halfway(self) -> dict:
        """Dialogs left halfway, as they stood: the one the resident is in among them."""
        paused = dict(self.session.get(PAUSED, {}))
        if self._resumable():
            paused[self.session["dialog"]] = {key: self.session[key] for key in KEPT
                                              if key in self.session}
        return paused

    async def _advance(self, step: Ask | Choose, value: object) -> None:
        """Save the answer and go on; Back will return here and forget it."""
        key = step.save_as(self.ctx) if callable(step.save_as) else step.save_as
        self.ctx.data[key] = value
        history = self.session["history"]
        history.append([step.id, key, self.session.get("page", 0)])
        del history[:-HISTORY]
        await self._run(self._next(step))

    def _next(self, step: Step) -> str | Jump:
        target = step.next
        if callable(target):
            target = target(self.ctx.data)
        return self.dialog.following(step.id) if target is None else target

    async def _run(self, target: str | Jump) -> None:
        """Run steps from `target` until one waits for the resident."""
        for _ in range(100):  # a guard against a dialog that loops without waiting
            if isinstance(target, Jump):
                await self.open(target.dialog, target.arg)
                return
            if target == END:
                await self.start_dialog(MENU, keep_progress=False)
                return
            step = self.dialog.step(target)
            if step.skip_if and step.skip_if(self.ctx):
                target = self._next(step)
            elif isinstance(step, Say):
                text = await self._text(step.text)
                attachment = await step.attachment(self.ctx) if step.attachment else None
                self.replies.append(Reply(text[:TEXT_LIMIT], attachment=attachment))
                target = self._next(step)
            elif isinstance(step, NeedsConsent) and not self.ctx.user.pd_consent:
                await self._consent_first(step.id)
                return
            elif isinstance(step, NeedsConsent):
                target = self._next(step)
            elif isinstance(step, Do):
                jump = await step.action(self.ctx)
                if step.settles:
                    self.session["history"], self.session["settled"] = [], True
                target = jump or self._next(step)
            else:
                self.session["step"], self.session["page"] = step.id, 0
                await self.show_current()
                return
        raise RuntimeError(f"dialog {self.session['dialog']} does not stop for input")

    # ---- rendering -------------------------------------------------------------------------

    def _rev(self) -> str:
        return format(self.session.get("rev", 0), "x")

    def _button(self, label: str, value: str) -> Button:
        payload = f"{self._rev()}|{value}"
        if len(payload.encode()) > PAYLOAD_BYTES:
            raise ValueError(f"button payload over {PAYLOAD_BYTES} bytes: {payload!r}")
        return Button(label, payload)

    async def _text(self, source) -> str:
        """A msgid is translated and filled with the dialog's data. A getter's text is final:
        it may carry what staff wrote, which must never be read as a format string."""
        if callable(source):
            return await source(self.ctx)
        return fill(self.ctx._(source), self.ctx.data)

    async def _options(self, step: Choose, *, paged_only: bool = False) -> list[Option]:
        sources = (step.options,) if paged_only else (step.options, step.fixed)
        found: list[Option] = []
        for source in sources:
            found += await source(self.ctx) if callable(source) else source
        return found

    async def _prompt_resume(self) -> None:
        self.session["prompt"] = "resume"
        await self.show_current()

    async def show_current(self) -> None:
        """(Re)render the screen the resident is on, with fresh buttons."""
        if self.dialog is None or "step" not in self.session:
            await self.start_dialog(MENU)
            return
        self.session["rev"] = self.session.get("rev", 0) + 1
        _ = self.ctx._
        dialog, step = self.dialog, self.dialog.step(self.session["step"])
        rows: list[tuple[Button, ...]] = []
        contact = None
        if self.session.get("prompt"):
            text = fill(_(N_("You were in «{title}». Continue where you left off or start over?")),
                        {"title": _(dialog.title)})
            rows.append((self._button(_(N_("Continue")), CONTINUE),
                         self._button(_(N_("Start over")), RESTART)))
        else:
            if isinstance(step, Choose):
                rows += await self._option_rows(step)
            elif isinstance(step, Ask) and step.request_contact:
                contact = _(step.request_contact)
            self.ctx.page = self.session.get("page", 0)
            text = await self._text(step.text)
        nav = []
        if dialog.id not in (MENU, ONBOARDING) and self.ctx.user.pd_consent is not None:
            if self.session.get("history") and not self.session.get("prompt"):
                nav.append(self._button(_(N_("‹ Back")), BACK))
            nav.append(self._button(_(N_("Main menu")), HOME))
        if nav:
            rows.append(tuple(nav))
        self.session["shown"] = [[b.label, b.payload] for row in rows for b in row]
        self.replies.append(Reply(text[:TEXT_LIMIT], tuple(rows), request_contact=contact,
                                  numbered=self._numbered(step, self.session["shown"])))

    async def _option_rows(self, step: Choose) -> list[tuple[Button, ...]]:
        options = await self._options(step, paged_only=True)
        fixed = list(await step.fixed(self.ctx) if callable(step.fixed) else step.fixed)
        room = MAX_BUTTONS - 2 - len(fixed)  # the navigation row and the fixed options
        page = self.session.get("page", 0)
        pager: list[Button] = []
        if len(options) > (step.page_size or room):
            room = step.page_size or room - 2
            pages = (len(options) + room - 1) // room
            page = self.session["page"] = max(0, min(page, pages - 1))
            if page > 0:
                pager.append(self._button("‹", PREV))
            if page < pages - 1:
                pager.append(self._button("›", NEXT))
            options = options[page * room:(page + 1) * room]
        else:
            self.session["page"] = 0
        labels = [self.ctx._(o.label) if o.translate else o.label for o in options]
        buttons = [self._button(label, o.value) for label, o in zip(labels, options, strict=True)]
        # Numbers share a row, short labels go in pairs, long ones get a row each.
        per_row = 1
        if all(len(label) <= 14 for label in labels):
            per_row = 5 if all(len(label) <= 3 for label in labels) else 2
        free_rows = MAX_ROWS - bool(pager) - len(fixed) - 1  # the navigation row
        per_row = max(per_row, -(-len(buttons) // max(free_rows, 1)))
        rows = [tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row)]
        if pager:
            rows.append(tuple(pager))
        return rows + [(self._button(self.ctx._(o.label) if o.translate else o.label, o.value),)
                       for o in fixed]

