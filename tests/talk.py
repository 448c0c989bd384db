"""Talk to the engine as a resident would: text, commands, presses by label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dialogs.engine import Account, Engine
from dialogs.model import Click, Contact, Input, Reply, Start, Text


@dataclass
class Press:
    label: str


@dataclass
class Talker:
    engine: Engine
    account: Account = field(default_factory=lambda: Account("terminal", "resident-1"))
    last: list[Reply] = field(default_factory=list)
    now: datetime | None = None

    def buttons(self) -> list[str]:
        return [b.label for reply in self.last for row in reply.buttons for b in row]

    def payload(self, label: str) -> str:
        for reply in reversed(self.last):
            for row in reply.buttons:
                for button in row:
                    if button.label == label:
                        return button.payload
        raise AssertionError(f"no button {label!r}; shown: {self.buttons()}")

    async def __call__(self, *inputs: str | Press | Input) -> list[Reply]:
        for item in inputs:
            if isinstance(item, Press):
                event: Input = Click(self.payload(item.label))
            elif isinstance(item, str):
                event = Text(item)
            else:
                event = item
            self.last = await self.engine.handle(self.account, event,
                                                 now=self.now or datetime.now(UTC))
        return self.last

    def text(self) -> str:
        return "\n---\n".join(reply.text for reply in self.last)


async def onboard(talk: Talker, language: str = "Русский", agree: bool = True) -> None:
    await talk(Start(), Press(language))
    await talk(Press(("Согласен(на)" if agree else "Не согласен(на)") if language == "Русский"
                     else ("I agree" if agree else "I do not agree")))


__all__ = ["Talker", "Press", "onboard", "Start", "Contact", "Text", "Click"]
