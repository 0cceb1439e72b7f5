"""Ingestion on the development set: are the gold informant passages found as informant text?

Usage: .venv/bin/python benchmarks/ingest_devset.py [DEVSET_DIR]   (default ../shared/devset)

Runs the pure chain (read_transcript -> segment, no suggestions, no database) on every transcript of the
development set and compares with gold.jsonl (142 informant passages). Prints:
- found: gold passages whose (whitespace-collapsed) text lies inside one of our informant turns;
- same cut: gold passages equal to one of our passages (the split of long turns may differ);
- same id: gold ids that align_gold maps to the passage with the same id;
- leaked: our informant passages whose text is not informant text in the gold (an interviewer line stored as
  informant text), and lost: our interviewer passages whose text is gold informant text.
- with pseudonymisation (as `telaah run` stores them): gold passages that align_gold (fuzzy, since names are
  replaced) maps to the informant passage with the same id.
The development set is for measuring only; nothing here tunes anything.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from pipeline.align import align_gold
from pipeline.ingest import read_transcript
from pipeline.normalize import collapse_ws
from pipeline.segment import segment


def main(devset: Path) -> int:
    gold = [json.loads(line) for line in (devset / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    gold_by_file: dict[str, list[dict]] = defaultdict(list)
    for row in gold:
        gold_by_file[Path(row["file"]).name].append(row)
    found = same_cut = leaked = lost = total_inf = 0
    passages = []
    for name in sorted(gold_by_file):
        transcript = read_transcript(devset / "transcripts" / name)
        ours = segment(transcript)
        passages.extend(ours)
        turns = [collapse_ws(t.text) for t in transcript.turns if t.role != "interviewer"]
        texts = {collapse_ws(p.text) for p in ours}
        gold_all = " ".join(collapse_ws(r["text"]) for r in gold_by_file[name])
        for row in gold_by_file[name]:
            g = collapse_ws(row["text"])
            found += any(g in t for t in turns)
            same_cut += g in texts
        for p in ours:
            inside = collapse_ws(p.text) in gold_all
            if p.role == "interviewer":
                lost += inside
            else:
                total_inf += 1
                leaked += not inside
    ids = align_gold(gold, passages)
    same_id = sum(1 for g, p in ids.items() if g == p)
    n = len(gold)
    print(f"gold informant passages:           {n}")
    print(f"found as informant text:           {found}/{n} = {found / n:.1%}")
    print(f"same cut as gold:                  {same_cut}/{n} = {same_cut / n:.1%}")
    print(f"aligned to the same passage id:    {same_id}/{n}")
    print(f"our informant passages:            {total_inf}")
    print(f"interviewer text stored as informant (leaked): {leaked}")
    print(f"informant text stored as interviewer (lost):   {lost}")
    pseudo = pseudonymised_alignment(devset, gold, sorted(gold_by_file))
    if pseudo is not None:
        print(f"pseudonymised, aligned to same id: {pseudo}/{n}")
    return 0 if found / n >= 0.98 and leaked == 0 else 1


def pseudonymised_alignment(devset: Path, gold: list[dict], names: list[str]) -> int | None:
    """Gold passages aligned to the same-id informant passage after pseudonymisation (None without privacy)."""
    try:
        from pipeline.privacy import PseudonymKey, pseudonymise
    except ImportError:
        return None
    key, passages = PseudonymKey(), []
    for name in names:
        transcript, key = pseudonymise(read_transcript(devset / "transcripts" / name), key)
        passages.extend(segment(transcript))
    ids = align_gold(gold, passages)
    return sum(1 for g, p in ids.items() if g == p)


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
