"""The classifier against the lexicon coder on seed settings neither of them was tuned or trained on.

The lexicon was tuned on the six original seed settings; the eight later ones were written after it. For each
later setting S (``--settings``): train the classifier on every other seed setting (thresholds by grouped
cross-validation, as ``telaah train`` does), then print micro-F1 on S of the lexicon coder alone, the classifier,
and their union and intersection. Seed corpus only; the devset is not used.

    .venv/bin/python benchmarks/margin_heldout.py [--settings bansos samsat ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.crossval import fit_with_cv, predicted_coding  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.lexicon import load_lexicon  # noqa: E402
from pipeline.seed import read_seed  # noqa: E402
from pipeline.train import featurize  # noqa: E402

LATER = ("bansos", "kependudukan", "pendidikan", "perizinan", "pertanian", "samsat", "stunting", "umkm")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", nargs="+", default=list(LATER))
    args = parser.parse_args()
    lexicon = load_lexicon()
    codes = lexicon.codebook.ids
    seed = read_seed(codes=codes)
    setting = [e.id.split("-")[0] for e in seed]
    X = featurize(seed, lexicon)
    rows: dict[str, list[float]] = {"lexicon": [], "classifier": [], "union": [], "intersection": []}
    for s in args.settings:
        train = [i for i, x in enumerate(setting) if x != s]
        test = [i for i, x in enumerate(setting) if x == s]
        model, _ = fit_with_cv(X.iloc[train].reset_index(drop=True), [seed[i] for i in train], codes=codes,
                               evaluate_on=[], folds=5)
        Xt = X.iloc[test].reset_index(drop=True)
        by_model = predicted_coding(model, Xt)
        by_lexicon = [{c: ("supports" if pol > 0 else "against") for c, (_, pol) in hits.items()}
                      for hits in Xt["lexicon"]]
        gold = {seed[i].id: seed[i].code_map for i in test}
        ids = [seed[i].id for i in test]
        for name, pred in (("lexicon", by_lexicon), ("classifier", by_model),
                           ("union", [lx | md for lx, md in zip(by_lexicon, by_model)]),
                           ("intersection", [{c: p for c, p in md.items() if c in lx}
                                             for lx, md in zip(by_lexicon, by_model)])):
            rows[name].append(evaluate(gold, dict(zip(ids, pred)), codes=codes)["micro_f1"])
        print(f"{s:<13} ({len(test)} passages) " + "  ".join(f"{k} {v[-1]:.3f}" for k, v in rows.items()),
              flush=True)
    means = {k: float(np.mean(v)) for k, v in rows.items()}
    print(f"{'mean':<13} " + "  ".join(f"{k} {v:.3f}" for k, v in means.items())
          + f"  (classifier - lexicon {means['classifier'] - means['lexicon']:+.3f})")


if __name__ == "__main__":
    main()
