"""How long `telaah train` takes on 20,000 confirmed passages (target: under 60 s on 2 cores).

The passages are made by recombining seed-corpus passages (a passage plus the first sentence of an uncoded one,
keeping the first passage's codes), stored as 200 fabricated transcripts in a fresh database, with a confirm
decision for every code and a reject decision on one code of each uncoded passage. Then `telaah train` runs
as a subprocess with a temporary TELAAH_HOME and its wall-clock time is printed.

    .venv/bin/python benchmarks/train_speed.py [--passages 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.codebook import load_codebook  # noqa: E402
from pipeline.records import Decision  # noqa: E402
from pipeline.seed import read_seed  # noqa: E402
from pipeline.store import open_db  # noqa: E402
from pipeline.store.decisions import record_decisions  # noqa: E402
from pipeline.store.queue import add_demo_transcript  # noqa: E402


def fabricate(n: int, seed_examples, codes, rng: random.Random):
    """n (text, question, codes) made by recombining seed passages."""
    uncoded = [e for e in seed_examples if not e.codes]
    out = []
    for i in range(n):
        a = seed_examples[i % len(seed_examples)]
        b = rng.choice(uncoded)
        first = re.split(r"(?<=[.!?])\s+", b.text)[0]
        out.append((f"{a.text} {first}", a.question or "Bagaimana, Pak?", a.codes))
    return out


def fill(db, rows, codes, rng: random.Random, per_transcript: int = 100) -> int:
    decisions = []
    for t in range(0, len(rows), per_transcript):
        chunk = rows[t:t + per_transcript]
        name = f"S{t // per_transcript:04d}.txt"
        turns = []
        for text, question, _ in chunk:
            turns += [("Pewawancara", "interviewer", question), ("Informan", "informant", text)]
        add_demo_transcript(db, name, turns)
        for k, (_, _, gold) in enumerate(chunk, 1):
            pid = f"{name[:-4]}-{k:03d}"
            if gold:
                decisions += [Decision(pid, c, "confirm", p, "bench", origin="import") for c, p in gold]
            else:
                decisions.append(Decision(pid, rng.choice(codes), "reject", None, "bench", origin="import"))
    record_decisions(db, decisions)
    return len(decisions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passages", type=int, default=20_000)
    parser.add_argument("--keep", help="work in this folder (kept) instead of a temporary one")
    parser.add_argument("--profile", action="store_true", help="run `telaah train` under cProfile (slower)")
    args = parser.parse_args()
    rng = random.Random(0)
    codes = load_codebook().ids
    seed = read_seed(codes=codes)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="telaah-speed-"))
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "speed.db"
    rows = fabricate(args.passages, seed, codes, rng)
    n = fill(open_db(db_path), rows, codes, rng)
    print(f"{len(rows)} confirmed passages ({n} decisions) in {db_path}; seed corpus {len(seed)} passages")
    env = dict(os.environ, TELAAH_HOME=str(work / "home"), PYTHONPATH=str(ROOT))
    t, cpu = time.time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    profile = ["-m", "cProfile", "-o", str(work / "train.prof")] if args.profile else []
    done = subprocess.run([sys.executable, *profile, "-m", "pipeline", "train", "--db", str(db_path)], env=env,
                          cwd=work, capture_output=True, text=True)
    took = time.time() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    print(done.stdout.strip())
    if done.returncode:
        print(done.stderr.strip())
    print(f"`telaah train` on {len(rows)} confirmed passages + seed: {took:.1f} s wall clock, {cpu_s:.1f} s CPU "
          f"(exit {done.returncode}; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
