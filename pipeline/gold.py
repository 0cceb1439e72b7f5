"""Gold codings (the format of a development set's ``gold.jsonl``) turned into decisions. Pure except ``read_gold``.

A gold line: ``{"file", "passage_id", "speaker", "text", "codes": [{"code", "polarity"}], ...}``. Aligned with
stored passages (``pipeline.align.align_gold``), each gold code becomes a confirmed decision, so the gold can be
scored, reported and compared like a researcher's coding.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from pipeline.errors import InvalidDecisions
from pipeline.records import Decision


def read_gold(path: str | os.PathLike) -> list[dict]:
    """Read a gold JSONL file.

    Raises:
        InvalidDecisions: a line is not JSON or lacks ``passage_id``/``text``/``codes`` (with the line number).
    """
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InvalidDecisions(f"{path}:{n}: not JSON ({exc})") from exc
        missing = {"passage_id", "text", "codes"} - set(row)
        if missing:
            raise InvalidDecisions(f"{path}:{n}: missing {', '.join(sorted(missing))}")
        rows.append(row)
    return rows


def gold_decisions(
    rows: Iterable[Mapping],
    mapping: Mapping[str, str],
    *,
    coder: str = "gold",
    codes: Iterable[str] | None = None,
) -> list[Decision]:
    """Confirmed decisions for the gold codes of aligned rows (``mapping``: gold id -> passage id).

    Args:
        rows: gold rows.
        mapping: from :func:`pipeline.align.align_gold`; unaligned rows are skipped.
        coder: the coder name the decisions carry.
        codes: when given, each code of this list that a gold passage does NOT carry becomes a rejection
            (the gold says "no such evidence here"), as a reviewer's rejection would.
    """
    out = []
    for row in rows:
        pid = mapping.get(row["passage_id"])
        if pid is None:
            continue
        present = {c["code"]: c["polarity"] for c in row["codes"]}
        for code, polarity in present.items():
            out.append(Decision(pid, code, "confirm", polarity, coder, note="gold", origin="import"))
        for code in codes or ():
            if code not in present:
                out.append(Decision(pid, code, "reject", None, coder, note="gold", origin="import"))
    return out
