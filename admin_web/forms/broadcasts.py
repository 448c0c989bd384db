"""The broadcast form: its fields read into a BroadcastDraft, the audience and the moment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from multidict import MultiDictProxy

from backend.career.scoring import TYPES
from backend.i18n import TIMEZONE
from backend.services.broadcasts_audience import Audience
from backend.services.outbox import MESSENGERS
from backend.services.users import AGE_GROUPS
from backend.settings import LOCALES
from backend.untrusted import whole

LINK = re.compile(r"^(courses|events|myevents|surveys|career_test|consult)(-[a-z]\d{1,9})?$")
LOCAL = "%Y-%m-%dT%H:%M"  # a datetime-local field's value, Arkhangelsk time
SHOWN = ("title", "text", "text_en", "label", "label_en", "link")  # shown again if refused


@dataclass(frozen=True)
class BroadcastDraft:
    title: str
    text: str
    audience: Audience
    button: dict | None = None  # {"label", "link", "label_en"}: a deep link into the bot
    image: bytes | None = None
    text_en: str = ""  # for residents who chose English


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(n for n in map(whole, values) if n is not None)


def audience_of(form: MultiDictProxy) -> Audience:
    """The audience fields (a broadcast's, a survey's); unknown values are dropped."""
    return Audience(
        channels=tuple(v for v in form.getall("channels", []) if v in MESSENGERS),
        municipalities=_ints(form.getall("municipalities", [])),
        age_groups=tuple(v for v in form.getall("age_groups", []) if v in AGE_GROUPS),
        career_types=tuple(v for v in form.getall("career_types", []) if v in TYPES),
        event=whole(form.get("event")),
        attended=form.get("attended") == "yes",
        program=whole(form.get("program")),
        locales=tuple(v for v in form.getall("locales", []) if v in LOCALES))


def shown(form: MultiDictProxy) -> dict[str, str]:
    return {name: str(form.get(name, "")) for name in SHOWN}


def read(form: MultiDictProxy) -> BroadcastDraft:
    """The draft; a button linking anywhere but into the bot is left out."""
    values = shown(form)
    upload = form.get("image")
    image = upload.file.read() if hasattr(upload, "file") else None
    label, label_en = values["label"].strip(), values["label_en"].strip()
    button = {"label": label[:40], "link": values["link"]} \
        if label and LINK.match(values["link"]) else None
    if button and label_en:
        button["label_en"] = label_en[:40]
    return BroadcastDraft(values["title"], values["text"], audience_of(form), button,
                          image or None, values["text_en"])


def moment_of(form: MultiDictProxy) -> datetime:
    """The schedule's moment; ValueError if the field holds none."""
    return datetime.strptime(str(form.get("at", "")), LOCAL).replace(tzinfo=TIMEZONE)
