"""Bookkeeping of a batch run, without Prefect: which files to ingest, their content hash, and what happened to
each file (the records :mod:`pipeline.flow` returns and ``telaah run`` prints as its summary table)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InvalidTranscript
from pipeline.ingest import check_extension, check_size


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be ingested, with the message for the user."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file: ``added`` (with the version), ``skipped`` (unchanged) or ``failed``."""

    path: str
    status: str
    version: int = 0
    turns: int = 0
    passages: int = 0
    message: str = ""


@dataclass(slots=True)
class RunSummary:
    """Counts for the summary table of ``telaah run``."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. the model could not be loaded (lexicon coder used)

    def count(self, what: str) -> int:
        if what in ("added", "skipped", "failed", "resuggested"):
            return sum(1 for o in self.outcomes if o.status == what)
        return sum(getattr(o, what) for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def collect_files(targets: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to ingest: given files as they are, folders walked recursively (hidden and Office lock files
    skipped), in sorted order without duplicates."""
    out: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found = [
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            ]
            out.extend(found)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def file_hash(path: Path, settings: dict) -> str:
    """sha256 of the file (after the extension and size checks, so a huge file is never read).

    Raises:
        InvalidTranscript: missing file, unsupported extension or too large.
    """
    check_extension(path.name)
    if not path.is_file():
        raise InvalidTranscript(f"{path}: berkas tidak ditemukan / file not found")
    check_size(path.name, path.stat().st_size, settings)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InvalidTranscript(f"{path.name}: tidak dapat dibaca ({exc.strerror}) / cannot read") from exc
