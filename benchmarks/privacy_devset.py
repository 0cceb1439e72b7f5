"""Pseudonymise the development set (read-only) and check that the people it names are replaced.

Usage: .venv/bin/python benchmarks/privacy_devset.py [DEVSET_DIR]

Prints, per transcript, the turns and replacements made and any listed name still present, then every key entry
(to see false positives), then the share of listed names replaced. The devset README lists the people a
pseudonymiser should catch: Retno (Bu Retno), Sutrisno (Pak Tris), Mbak Sri, Pak Darmo.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from pipeline.align import align_gold
from pipeline.identifiers import find_identifiers
from pipeline.ingest import read_transcript
from pipeline.privacy import PSEUDONYM, PseudonymKey, pseudonymise
from pipeline.segment import segment

LISTED = ("Retno", "Sutrisno", "Tris", "Sri", "Darmo")


def main(devset: Path) -> None:
    key = PseudonymKey()
    missed: list[tuple[str, str]] = []
    present: set[str] = set()
    passages = []
    spent = 0.0
    for path in sorted((devset / "transcripts").iterdir()):
        transcript = read_transcript(path)
        t0 = time.perf_counter()
        new, key = pseudonymise(transcript, key)
        spent += time.perf_counter() - t0
        labels = sum(1 for t in new.turns if PSEUDONYM.fullmatch(t.speaker))
        in_text = sum(len(PSEUDONYM.findall(t.text)) for t in new.turns)
        for name in LISTED:
            pattern = re.compile(rf"\b{name}\b", re.IGNORECASE)
            if pattern.search(transcript.text) or any(pattern.search(t.speaker) for t in transcript.turns):
                present.add(name)
                if pattern.search(new.text) or any(pattern.search(t.speaker) for t in new.turns):
                    missed.append((path.name, name))
        passages += segment(new)
        left = find_identifiers(new.text)
        print(f"{path.name}: {len(new.turns)} turns, {labels} labels and {in_text} mentions pseudonymised, "
              f"identifier patterns left {len(left)}")
    print("\nkey entries (original -> pseudonym, source):")
    for e in key.entries:
        print(f"  {e.original!r:24} -> {e.pseudonym:12} {e.kind:9} {e.source}")
    caught = len(present) - len({n for _, n in missed})
    print(f"\nlisted names present in the devset: {sorted(present)}")
    print(f"listed names replaced everywhere: {caught}/{len(present)}; missed: {missed or 'none'}")
    print(f"pseudonymise time: {spent:.3f} s for {len(passages and {p.transcript for p in passages})} transcripts")
    gold = [json.loads(line) for line in (devset / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    aligned = align_gold(gold, passages)
    same = sum(1 for g in gold if aligned.get(g["passage_id"]) == g["passage_id"])
    print(f"gold passages aligned after pseudonymisation: {len(aligned)}/{len(gold)} ({same} with the same id)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "devset")
