"""Training examples: the record every training source produces, and the loader of the seed corpus.

The seed corpus (``transcripts/seed/*.jsonl``, format in ``transcripts/seed/FORMAT.md``) is fictional interview
text written for telaah with gold codes and polarities; the shipped model is trained on it alone. Reading files
is kept in :func:`read_seed`; :func:`parse_seed_line` is pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.paths import TRANSCRIPTS
from pipeline.records import POLARITIES

SEED_DIR = TRANSCRIPTS / "seed"


class InvalidSeed(PipelineError, ValueError):
    """A seed-corpus (or gold) line is malformed: bad JSON, missing field, unknown code or polarity."""


@dataclass(frozen=True, slots=True)
class Example:
    """One training passage with what is known about its codes.

    ``codes`` are the present codes with their polarity. When ``complete`` is true (gold data, and decided
    passages by default) every other code is absent; otherwise only the codes in ``rejected`` are known to be
    absent and the rest are unknown and left out of training for that code.
    """

    id: str
    text: str
    question: str | None = None
    codes: tuple[tuple[str, str], ...] = ()
    rejected: tuple[str, ...] = ()
    complete: bool = True
    group: str = ""  # interview / transcript, so cross-validation keeps one interview in one fold
    weight: float = 1.0

    @property
    def code_map(self) -> dict[str, str]:
        return dict(self.codes)


def parse_seed_line(line: str, *, codes: Iterable[str], where: str = "") -> Example:
    """Parse one JSONL line of the seed corpus (or of a gold file) into an :class:`Example`.

    Raises:
        InvalidSeed: bad JSON, missing ``passage_id``/``text``, unknown code or polarity, a code twice.
    """
    known = set(codes)
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidSeed(f"{where}: not valid JSON ({exc.msg}); fix the line") from exc
    if not isinstance(row, dict) or not row.get("passage_id") or not isinstance(row.get("text"), str):
        raise InvalidSeed(f"{where}: needs 'passage_id' and 'text'")
    pid = row["passage_id"]
    seen: dict[str, str] = {}
    for item in row.get("codes") or []:
        code, pol = item.get("code"), item.get("polarity")
        if code not in known:
            raise InvalidSeed(f"{where}: passage {pid}: unknown code {code!r}; known: {', '.join(sorted(known))}")
        if pol not in POLARITIES:
            raise InvalidSeed(f"{where}: passage {pid}: polarity must be supports or against, not {pol!r}")
        if code in seen:
            raise InvalidSeed(f"{where}: passage {pid}: code {code} given twice")
        seen[code] = pol
    group = row.get("interview") or row.get("file") or pid.rsplit("-", 1)[0]
    return Example(
        id=pid, text=row["text"], question=row.get("question") or None, codes=tuple(seen.items()), group=group
    )


def read_jsonl_examples(path: str | Path, *, codes: Iterable[str]) -> list[Example]:
    """Read one gold/seed JSONL file (blank lines are skipped)."""
    path = Path(path)
    codes = tuple(codes)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            out.append(parse_seed_line(line, codes=codes, where=f"{path}:{n}"))
    return out


def read_seed(directory: str | Path | None = None, *, codes: Iterable[str] | None = None) -> list[Example]:
    """Load every ``*.jsonl`` of the seed corpus, files in name order, lines in file order.

    Args:
        directory: the seed folder (default ``transcripts/seed``).
        codes: the code ids allowed (default: the codebook's).

    Raises:
        InvalidSeed: a malformed line (names file and line), or no seed file at all.
    """
    folder = Path(directory) if directory else SEED_DIR
    if codes is None:
        from pipeline.codebook import load_codebook

        codes = load_codebook().ids
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise InvalidSeed(f"{folder}: no seed corpus (*.jsonl) found")
    codes = tuple(codes)
    out: list[Example] = []
    for f in files:
        out.extend(read_jsonl_examples(f, codes=codes))
    ids = [e.id for e in out]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise InvalidSeed(f"{folder}: duplicate passage ids {', '.join(dup)}")
    return out
