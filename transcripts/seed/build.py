"""Render the seed corpus (transcripts/seed/*.jsonl) to plain-text transcripts in transcripts/seed/txt/.

One file per interview, ``<interview>.txt``: a title paragraph, then ``Pewawancara:`` (the passage's question)
and ``Informan:`` (the passage text) turns in interview order, so that the informant turns are exactly the
passage texts and telaah's ingestion numbers them like the JSONL's passage ids. Run from the repository root:

    .venv/bin/python transcripts/seed/build.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


def render(interview: str, rows: list[dict]) -> str:
    """The transcript text of one interview (rows in passage order)."""
    setting = rows[0].get("setting", "")
    informant = rows[0].get("informant", "").replace(":", " -")
    parts = [f"TRANSKRIP WAWANCARA {interview} ({setting}), informan {informant}, korpus benih fiktif telaah"]
    for row in rows:
        question = " ".join((row.get("question") or "").split())
        if question:
            parts.append(f"Pewawancara: {question}")
        parts.append(f"Informan: {' '.join(row['text'].split())}")
    return "\n\n".join(parts) + "\n"


def build(seed_dir: Path = HERE, out_dir: Path | None = None) -> list[Path]:
    """Write one .txt per interview; returns the paths written."""
    out_dir = out_dir or seed_dir / "txt"
    out_dir.mkdir(parents=True, exist_ok=True)
    interviews: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(seed_dir.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                interviews[row["interview"]].append(row)
    written = []
    for interview, rows in sorted(interviews.items()):
        target = out_dir / f"{interview}.txt"
        target.write_text(render(interview, rows), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    paths = build()
    print(f"{len(paths)} transcripts written to {HERE / 'txt'}", file=sys.stderr)
