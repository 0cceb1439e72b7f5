"""Write an example report from the project's own seed corpus (fictional) with its gold codes as the coding.

Usage: .venv/bin/python benchmarks/example_report.py [OUT_DIR] [--setting kepegawaian] [--interviews 4]

Ingests the first N interviews of one seed setting (transcripts/seed/txt), imports their gold codes as
confirmed decisions by the coder "contoh", adds a second coder on one transcript (so the methods section shows
agreement), scores and writes laporan.html/.xlsx/.md. Prints the summary line and where the files are.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import api  # noqa: E402
from pipeline.align import align_gold  # noqa: E402
from pipeline.flow import store_processed  # noqa: E402
from pipeline.gold import gold_decisions  # noqa: E402
from pipeline.process import load_lexicon_if_available, process_file  # noqa: E402
from pipeline.store import decisions as store_decisions  # noqa: E402
from pipeline.store import open_db  # noqa: E402
from pipeline.store import transcripts as store_transcripts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="docs/example-report")
    parser.add_argument("--setting", default="kepegawaian")
    parser.add_argument("--interviews", type=int, default=4)
    args = parser.parse_args()

    rows = [json.loads(line) for line in (ROOT / "transcripts" / "seed" / f"{args.setting}.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.strip()]
    interviews = sorted({r["interview"] for r in rows})[: args.interviews]
    gold = [{**r, "file": f"{r['interview']}.txt"} for r in rows if r["interview"] in interviews]
    db = open_db(Path(tempfile.mkdtemp()) / "contoh.db")
    lexicon = load_lexicon_if_available()
    for name in interviews:
        store_processed(db, process_file(ROOT / "transcripts" / "seed" / "txt" / f"{name}.txt",
                                         lexicon=lexicon, model=None, key=None))
    passages = [p for name in interviews for p in store_transcripts.passages(db, transcript=f"{name}.txt")]
    mapping = align_gold(gold, passages)
    store_decisions.record_decisions(db, gold_decisions(gold, mapping, coder="contoh"))
    # A second coder double-codes the first interview, disagreeing now and then (fabricated, for the example).
    rng = random.Random(7)
    second = [r for r in gold if r["interview"] == interviews[0]]
    flipped = [{**r, "codes": r["codes"] if rng.random() > 0.2 else []} for r in second]
    store_decisions.record_decisions(db, gold_decisions(flipped, mapping, coder="kedua",
                                                        codes=[c["code"] for r in second for c in r["codes"]]))
    paths = api.write_report(args.out, db=db)
    _, summary = api.score_elements(db=db)
    print(summary)
    for p in paths:
        print(f"wrote {p}")


if __name__ == "__main__":
    main()
