"""Classifier benchmark on the development set (../shared/devset), run the way a user would.

1. `telaah run` ingests the four devset transcripts into a fresh database (temporary TELAAH_HOME, so the user
   registry is empty and the shipped baseline in models/ is the active model).
2. Cold start: `telaah evaluate gold.jsonl` with the lexicon coder alone and with the shipped model, on all four
   transcripts and on D02 + D04.
3. Simulated review of half the set: the gold codes of D01 and D03 become confirmed decisions, and every stored
   suggestion on those passages that the gold does not have becomes a rejection (`telaah decisions import`);
   `telaah train` retrains on the seed corpus + these decisions and promotes the new version if it is not worse.
4. The figures on D02 + D04 before and after.

The devset is never used to fit or tune the shipped model; the retrained model lives only in the temporary folder.

    .venv/bin/python benchmarks/classifier_eval.py [--devset ../shared/devset] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TELAAH = [sys.executable, "-m", "pipeline"]
HALF_TRAIN = ("D01.txt", "D03.docx")
HALF_TEST = ("D02.vtt", "D04.srt")


def telaah(args: list[str], env: dict, cwd: Path) -> str:
    done = subprocess.run(TELAAH + args, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"telaah {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def figures(gold: Path, env: dict, cwd: Path, source: str, transcripts: tuple[str, ...] = ()) -> dict:
    args = ["evaluate", str(gold), "--source", source, "--json"]
    for t in transcripts:
        args += ["--transcript", t]
    return json.loads(telaah(args, env, cwd))


def line(name: str, m: dict) -> str:
    return (f"{name:<38} micro-P {m['micro_precision']:.3f}  micro-R {m['micro_recall']:.3f}  "
            f"micro-F1 {m['micro_f1']:.3f}  macro-F1 {m['macro_f1']:.3f}  mean kappa {m['mean_kappa']:.3f}  "
            f"polarity {m['polarity_accuracy']:.3f} (n={m['polarity_pairs']})  passages {m['passages']}")


def review_decisions(gold_rows: list[dict], env: dict, cwd: Path, out: Path) -> int:
    """Write decisions for the D01/D03 half: confirm gold codes, reject suggested codes the gold lacks."""
    sys.path.insert(0, str(ROOT))
    from pipeline.align import align_gold
    from pipeline.gold import gold_decisions
    from pipeline.store import open_db
    from pipeline.store.models import codable_passages, stored_coding

    db = open_db(env["TELAAH_DB"])
    rows = [r for r in gold_rows if Path(r["file"]).name in HALF_TRAIN]
    mapping = align_gold(rows, codable_passages(db))
    suggested = stored_coding(db)
    decisions = []
    for r in rows:  # rejections only for the codes that were suggested on that passage
        pid = mapping.get(r["passage_id"])
        for d in gold_decisions([r], mapping, coder="simulasi", codes=suggested.get(pid, {})):
            decisions.append({"passage_id": d.passage_id, "code": d.code, "decision": d.decision,
                              "polarity": d.polarity, "coder": d.coder, "note": d.note})
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in decisions), encoding="utf-8")
    return len(decisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devset", default=str(ROOT.parent / "shared" / "devset"))
    parser.add_argument("--keep", help="work in this folder instead of a temporary one")
    parser.add_argument("--calibrate", action="store_true", help="train with `telaah train --calibrate`")
    args = parser.parse_args()
    devset = Path(args.devset).resolve()
    gold = devset / "gold.jsonl"
    work = Path(args.keep or tempfile.mkdtemp(prefix="telaah-eval-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TELAAH_HOME=str(work / "home"), TELAAH_DB=str(work / "dev.db"),
               TELAAH_PASSPHRASE="benchmark-only-passphrase", PYTHONPATH=str(ROOT))
    t = time.time()
    telaah(["run", str(devset / "transcripts")], env, work)
    print(f"ingested the devset with `telaah run` in {time.time() - t:.0f} s (work folder {work})")
    print(telaah(["models", "list"], env, work).strip())

    print("\n== cold start (shipped baseline, trained on the seed corpus only)")
    print(line("lexicon coder alone, all 4", figures(gold, env, work, "lexicon")))
    cold = figures(gold, env, work, "model")
    print(line("shipped model, all 4", cold))
    print(line("lexicon coder alone, D02+D04", figures(gold, env, work, "lexicon", HALF_TEST)))
    before = figures(gold, env, work, "model", HALF_TEST)
    print(line("shipped model, D02+D04 (before)", before))

    print("\n== simulated review of D01 + D03, then `telaah train`")
    rows = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    n = review_decisions(rows, env, work, work / "decisions.jsonl")
    print(telaah(["decisions", "import", str(work / "decisions.jsonl")], env, work).strip(), f"({n} rows)")
    t = time.time()
    print(telaah(["train"] + (["--calibrate"] if args.calibrate else []), env, work).strip())
    print(f"`telaah train` took {time.time() - t:.0f} s")
    listed = json.loads(telaah(["models", "list", "--json"], env, work))
    newest = listed["models"][-1]["version"]
    after = figures(gold, env, work, "model", HALF_TEST)
    if listed["active"] == newest:
        print(line("retrained model, D02+D04 (after)", after))
    else:
        print(line("active model, D02+D04 (after: not promoted)", after))
        telaah(["models", "promote", newest, "--force"], env, work)
        forced = figures(gold, env, work, "model", HALF_TEST)
        print(line("retrained model forced, D02+D04", forced))
        print(f"micro-F1 on D02+D04 with the retrained model (forced): {before['micro_f1']:.3f} -> "
              f"{forced['micro_f1']:.3f} ({forced['micro_f1'] - before['micro_f1']:+.3f})")
    print(f"\nmicro-F1 on D02+D04: {before['micro_f1']:.3f} -> {after['micro_f1']:.3f} "
          f"({after['micro_f1'] - before['micro_f1']:+.3f})")
    print("\nper code, shipped model on all 4:")
    for code, m in cold["per_code"].items():
        print(f"  {code:<34} P {m['precision']:.2f}  R {m['recall']:.2f}  F1 {m['f1']:.2f}  "
              f"kappa {m['kappa']:.2f}  n {m['support']}")


if __name__ == "__main__":
    main()
