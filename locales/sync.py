"""Re-extract messages and update the catalogs: `python locales/sync.py`.

English is the source language, so en translations are the msgids themselves; Russian
entries that are new or changed are left empty (or fuzzy) for a translator, and the test
suite fails until they are filled.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POT = HERE / "messages.pot"


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def main() -> None:
    run("extract", "-F", "locales/babel.cfg", "-k", "N_", "-k", "ngettext:1,2", "--no-location",
        "--sort-output", "--project=copp-platform", "-o", str(POT.relative_to(ROOT)), ".")
    for locale in ("ru", "en"):
        po = HERE / locale / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        run(command, "-i", str(POT.relative_to(ROOT)), "-d", "locales", "-l", locale,
            *(["--no-fuzzy-matching"] if command == "update" else []))
    en = HERE / "en" / "LC_MESSAGES" / "messages.po"
    with en.open("rb") as file:
        catalog = read_po(file, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with en.open("wb") as file:
        write_po(file, catalog, omit_header=False, sort_output=True)
    for path in (POT, *(HERE / locale / "LC_MESSAGES" / "messages.po" for locale in ("ru", "en"))):
        without_creation_date(path)


def without_creation_date(path: Path) -> None:
    """The date changes on every run and only makes merges conflict."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines
                            if not line.startswith('"POT-Creation-Date:')), encoding="utf-8")


if __name__ == "__main__":
    main()
