"""`copp chat`: the conversation a resident has, in a terminal. Buttons are typed by number
where numbers press them, by label elsewhere."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from dialogs.engine import Account, Engine
from dialogs.model import Reply, Start, Text

PLATFORM = "terminal"


def render(reply: Reply, files: Path | None = None) -> str:
    """The reply as text; a picture or file is saved in `files` and shown by its path."""
    lines = [reply.text]
    number = 0
    for row in reply.buttons:
        cells = []
        for button in row:
            number += 1
            cells.append(f"[{number}] {button.label}" if reply.numbered else f"[{button.label}]")
        lines.append("   ".join(cells))
    if reply.attachment and files is not None:
        files.mkdir(parents=True, exist_ok=True)
        saved = files / reply.attachment.filename
        saved.write_bytes(reply.attachment.data)
        lines.append(f"📎 {saved}")
    elif reply.attachment:
        lines.append(f"📎 {reply.attachment.filename}")
    if reply.request_contact:
        lines.append(f"[{reply.request_contact}]")  # the label carries its 📱
    return "\n".join(lines)


async def chat(engine: Engine, user: str, stdin: TextIO = sys.stdin,
               stdout: TextIO = sys.stdout, files: Path | None = None) -> None:
    account = Account(PLATFORM, user)

    def show(replies: list[Reply]) -> None:
        for reply in replies:
            stdout.write(render(reply, files) + "\n\n")
        stdout.write("> ")
        stdout.flush()

    show(await engine.handle(account, Start()))
    while True:
        line = await asyncio.to_thread(stdin.readline)
        if not line or line.strip() in ("/quit", "/exit"):
            stdout.write("\n")
            return
        show(await engine.handle(account, Text(line.rstrip("\n"))))
