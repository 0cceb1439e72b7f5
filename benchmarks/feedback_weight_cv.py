"""Choose the weight of reviewed passages by simulating review INSIDE THE SEED CORPUS (never the devset).

For each collaboration setting S of the seed corpus: train on the other settings (the "shipped" model of this
simulation), split S's interviews in two halves A and B, review A (confirm its gold codes, reject the codes the
model suggested that the gold lacks), retrain on the other settings + the decisions on A with each weight, and
score on B. Prints micro-F1 on B before review and after, per weight, averaged over the six settings.

    .venv/bin/python benchmarks/feedback_weight_cv.py [--weights 1 2 5 10]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np

from pipeline.crossval import fit_with_cv, predicted_coding
from pipeline.evaluate import evaluate
from pipeline.lexicon import load_lexicon
from pipeline.seed import Example, read_seed
from pipeline.train import featurize


def review(model, X, examples: list[Example], weight: float, complete: bool) -> list[Example]:
    """Decisions a reviewer following the gold would make on the model's suggestions, as examples.

    ``complete``: a reviewed passage's undecided codes count as absent (else they are unknown).
    """
    out = []
    for e, coded in zip(examples, predicted_coding(model, X)):
        rejected = tuple(sorted(c for c in coded if c not in e.code_map))
        if e.codes or rejected:
            out.append(replace(e, rejected=rejected, complete=complete, weight=weight))
    return out


def fit(examples, lexicon, codes):
    X = featurize(examples, lexicon)
    model, _ = fit_with_cv(X, examples, codes=codes, evaluate_on=[], folds=5)
    return model


def score(model, examples, lexicon, codes) -> float:
    X = featurize(examples, lexicon)
    pred = {e.id: p for e, p in zip(examples, predicted_coding(model, X))}
    return evaluate({e.id: e.code_map for e in examples}, pred, codes=codes)["micro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", type=float, nargs="+", default=[1.0, 2.0, 5.0, 10.0])
    parser.add_argument("--complete", action="store_true", help="undecided codes of reviewed passages = absent")
    args = parser.parse_args()
    lexicon = load_lexicon()
    codes = lexicon.codebook.ids
    seed = read_seed(codes=codes)
    settings = sorted({e.id.split("-")[0] for e in seed})
    rows = {w: [] for w in args.weights}
    before = []
    for s in settings:
        t = time.time()
        rest = [e for e in seed if not e.id.startswith(s + "-")]
        interviews = sorted({e.group for e in seed if e.id.startswith(s + "-")})
        half_a = set(interviews[::2])
        a = [e for e in seed if e.group in half_a]
        b = [e for e in seed if e.id.startswith(s + "-") and e.group not in half_a]
        base = fit(rest, lexicon, codes)
        before.append(score(base, b, lexicon, codes))
        line = f"{s:<12} A={len(a):3d} B={len(b):3d}  before {before[-1]:.3f}"
        for w in args.weights:
            decided = review(base, featurize(a, lexicon), a, w, args.complete)
            rows[w].append(score(fit(rest + decided, lexicon, codes), b, lexicon, codes))
            line += f"  w={w:g}: {rows[w][-1]:.3f}"
        print(line + f"  ({time.time() - t:.0f} s)", flush=True)
    print(f"{'mean':<12} {'':13} before {np.mean(before):.3f}" + "".join(
        f"  w={w:g}: {np.mean(v):.3f}" for w, v in rows.items()))


if __name__ == "__main__":
    main()
