"""The small vocabulary dialogs are written in: inputs, replies, steps."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from dialogs.context import Ctx

# ---- inputs: what a resident did ------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """/start (optionally with a deep-link argument), a command, or VK's Start button."""

    dialog: str | None = None
    arg: str | None = None


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Click:
    payload: str


@dataclass(frozen=True)
class Contact:
    """A phone number shared with the messenger's own button."""

    phone: str


@dataclass(frozen=True)
class Again:
    """The screen the resident is on, once more (a web page reloaded); a start if none."""


Input = Union[Start, Text, Click, Contact, Again]

# ---- output: what to say -------------------------------------------------------------


@dataclass(frozen=True)
class Button:
    label: str
    payload: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    is_image: bool = True


@dataclass(frozen=True)
class Reply:
    """One message, already localized plain text."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    request_contact: str | None = None  # label of the "share my phone" button, if asked
    numbered: bool = True  # a typed number presses the button at that position


LINK = "go"  # a button payload "go|<dialog>-<argument>" opens a dialog, whenever it was sent


def notice_reply(notice) -> Reply:
    """A queued notice (services.outbox.Notice) or a broadcast (services.broadcasts.Message)
    as a message: its buttons deep links (one, or a row of them), its picture or file
    attached."""
    button = notice.button
    row = button if isinstance(button, list) else [button] if button else []
    buttons = (tuple(Button(b["label"], f"{LINK}|{b['link']}") for b in row),) if row else ()
    image = getattr(notice, "image", None)
    filename = getattr(notice, "filename", None)
    if image and filename:  # a file a consultant sent
        attachment = Attachment(filename, image, is_image=False)
    else:
        attachment = Attachment("picture.jpg" if image and image[:3] == b"\xff\xd8\xff"
                                else "picture.png", image) if image else None
    return Reply(notice.text, buttons, attachment=attachment)


# ---- steps: how a dialog goes ----------------------------------------------------------

END = "__end__"


@dataclass(frozen=True)
class Jump:
    """Leave this dialog and start another one."""

    dialog: str
    arg: str | None = None


class InvalidInput(Exception):
    """Raised by a parser: the step is asked again with `message` (a msgid) as the reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# A msgid (translated, then filled from the dialog's data: "{title}"), or a getter whose text
# is shown as it is (it may hold staff-written text, never a format string).
TextSource = Union[str, Callable[["Ctx"], Awaitable[str]]]
Next = Union[str, Jump, Callable[[dict], str | Jump], None]


@dataclass(frozen=True)
class Branch:
    """A `next` chosen by one value of the dialog's data, so the declaration shows every edge:
    `Branch("form", {"choice": "choose", None: "finish"})`. A value without an edge fails."""

    key: str
    to: Mapping[Any, str | Jump]

    def __call__(self, data: dict) -> str | Jump:
        return self.to[data.get(self.key)]

    @property
    def targets(self) -> tuple[str | Jump, ...]:
        """Where it may lead (a callable `next` may declare these; the shape test checks them)."""
        return tuple(self.to.values())

Condition = Callable[["Ctx"], bool]


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # a msgid for static options; already localized when returned by a getter
    translate: bool = True
    aliases: tuple[str, ...] = ()  # other names a resident may type for it («Вельск»)


OptionsSource = Union[Sequence[Option], Callable[["Ctx"], Awaitable[Sequence[Option]]]]


@dataclass(frozen=True)
class Say:
    id: str
    text: TextSource
    next: Next = None
    skip_if: Condition | None = None
    attachment: Callable[[Ctx], Awaitable[Attachment | None]] | None = None  # a picture, a file


@dataclass(frozen=True)
class Ask:
    id: str
    text: TextSource
    save_as: str | Callable[[Ctx], str]  # a callable names the answer of a looping step
    parse: Callable[[str], Any] = str.strip
    next: Next = None
    skip_if: Condition | None = None
    request_contact: str | None = None  # msgid of the contact button's label
    max_length: int = 1000


TYPED = "_typed"  # the answer of a Choose when the resident wrote their own words instead


@dataclass(frozen=True)
class Choose:
    id: str
    text: TextSource
    options: OptionsSource
    save_as: str | Callable[[Ctx], str]  # a callable names the answer of a looping step
    next: Next = None
    skip_if: Condition | None = None
    typed: str | None = None  # keep typed words under this key (the answer becomes TYPED)
    page_size: int | None = None  # options per page; the text sees the page as ctx.page
    fixed: OptionsSource = ()  # options shown on every page, after the paged ones
    numbered: bool = True  # False where typed text is an answer: a number there is no press


@dataclass(frozen=True)
class Do:
    """Run an action (a service call) and move on. It may name the next step or return a Jump.
    An action that `settles` stores the answers for good: Back cannot return into them, and
    there is no progress left to resume."""

    id: str
    action: Callable[[Ctx], Awaitable[str | Jump | None]]
    next: Next = None
    skip_if: Condition | None = None
    settles: bool = False


@dataclass(frozen=True)
class NeedsConsent:
    """Personal data is collected from here on. Without consent the resident is asked for it
    right here, and after «I agree» the flow goes on from this step; browsing before it needs
    none."""

    id: str
    next: Next = None
    skip_if: Condition | None = None


Step = Union[Say, Ask, Choose, Do, NeedsConsent]


@dataclass(frozen=True)
class Dialog:
    id: str
    steps: Sequence[Step]
    title: str = ""  # msgid, shown in the resume prompt and the main menu
    command: str | None = None  # "/help" → "help"
    about: str = ""  # msgid: what the command does, for /help and the messenger's command list
    needs_consent: bool = False
    resumable: bool = True
    in_menu: bool = False
    words: str = ""  # msgid, «;»-separated: typed where a choice is expected, they open it
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [step.id for step in self.steps]
        if len(ids) != len(set(ids)):
            raise ValueError(f"dialog {self.id}: step ids must be unique")
        object.__setattr__(self, "index", {step_id: i for i, step_id in enumerate(ids)})

    def step(self, step_id: str) -> Step:
        return self.steps[self.index[step_id]]

    def following(self, step_id: str) -> str:
        position = self.index[step_id] + 1
        return self.steps[position].id if position < len(self.steps) else END
