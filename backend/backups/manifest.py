"""The manifest beside each backup: what the data file is and what it should restore to.

It holds no personal data (names of tables and their row counts), so it is never encrypted:
`copp restore` and a check of the medium read it without the passphrase.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import migrations

FORMAT = "copp-backup"
VERSION = 1


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class Manifest:
    file: str  # the data file's name, beside the manifest
    sha256: str  # of the data file as stored (encrypted, when it is)
    size: int
    created_at: str  # UTC, ISO 8601
    backend: str  # postgres or sqlite
    schema: str | None  # the last migration applied, e.g. 0015_english_versions
    encrypted: bool
    tables: dict[str, int]  # rows per table

    def to_json(self) -> bytes:
        body = {"format": FORMAT, "version": VERSION, **asdict(self)}
        return json.dumps(body, ensure_ascii=False, indent=2).encode() + b"\n"

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            with path.open("rb") as file:
                body = json.loads(file.read(1 << 20))
        except FileNotFoundError:
            raise ManifestError(f"no manifest {path.name} beside it: not a copp backup") from None
        except (OSError, ValueError):
            raise ManifestError(f"{path.name} is not a copp backup manifest") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ManifestError(f"{path.name} is not a copp backup manifest")
        if body.get("version") != VERSION:
            raise ManifestError(f"{path.name}: manifest version {body.get('version')} is unknown")
        try:
            manifest = cls(**{k: body[k] for k in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            raise ManifestError(f"{path.name} is an incomplete backup manifest") from None
        if manifest.backend not in ("postgres", "sqlite") or not isinstance(manifest.tables, dict):
            raise ManifestError(f"{path.name} is an incomplete backup manifest")
        return manifest


def code_migrations() -> list[str]:
    """The migrations this code knows, in order."""
    folder = Path(migrations.__file__).parent
    return sorted(path.stem for path in folder.glob("[0-9]*.py"))
