"""Hyperparameter selection for the classifier by grouped cross-validation on the SEED CORPUS ONLY.

Never on the development set. Prints micro-F1, macro-F1, mean kappa and polarity accuracy per setting, one
line each, so the defaults of pipeline.classify.build_classifier can be justified.

    .venv/bin/python benchmarks/classifier_cv.py [--quick]
"""

from __future__ import annotations

import argparse
import time

from pipeline.crossval import fit_with_cv
from pipeline.evaluate import summary
from pipeline.lexicon import load_lexicon
from pipeline.seed import read_seed
from pipeline.train import featurize

GRID: list[tuple[str, dict]] = [
    ("default", {}),
    ("lexicon weight 2", {"features__lexicon__weight": 2.0}),
    ("C 1", {"clf__C": 1.0}),
    ("C 16", {"clf__C": 16.0}),
    ("no char n-grams", {"features__chars": "drop"}),
    ("no question block", {"features__question": "drop"}),
    ("no lexicon block", {"features__lexicon": "drop"}),
    ("chars (2,4)", {"features__chars__ngram_range": (2, 4)}),
    ("chars (4,4)", {"features__chars__ngram_range": (4, 4)}),
    ("chars (3,4)", {"features__chars__ngram_range": (3, 4)}),
    ("chars (5,5)", {"features__chars__ngram_range": (5, 5)}),
    ("stems unigrams", {"features__stems__ngram_range": (1, 1)}),
    ("n-grams x0.5, C 16", {"features__transformer_weights": {"stems": 0.5, "chars": 0.5, "question": 0.5},
                            "clf__C": 16.0}),
    ("n-grams x0.5, C 4", {"features__transformer_weights": {"stems": 0.5, "chars": 0.5, "question": 0.5}}),
    ("chars x0.5", {"features__transformer_weights": {"chars": 0.5}}),
    ("unigrams, lexicon 2", {"features__stems__ngram_range": (1, 1), "features__lexicon__weight": 2.0}),
    ("unigrams, lexicon 2, no chars", {"features__stems__ngram_range": (1, 1), "features__lexicon__weight": 2.0,
                                       "features__chars": "drop"}),
    ("unigrams, lexicon 2, chars 20k", {"features__stems__ngram_range": (1, 1), "features__lexicon__weight": 2.0,
                                        "features__chars__max_features": 20_000}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="names of settings to run")
    args = parser.parse_args()
    lexicon = load_lexicon()
    codes = lexicon.codebook.ids
    seed = read_seed(codes=codes)
    X = featurize(seed, lexicon)
    print(f"seed corpus: {len(seed)} passages, 5-fold CV grouped by interview")
    for name, params in GRID:
        if args.only and name not in args.only:
            continue
        t = time.time()
        _, metrics = fit_with_cv(X, seed, codes=codes, evaluate_on=range(len(seed)), params=params)
        s = summary(metrics)
        print(f"{name:<22} micro-F1 {s['micro_f1']:.3f}  macro-F1 {s['macro_f1']:.3f}  kappa {s['mean_kappa']:.3f}"
              f"  polarity {s['polarity_accuracy']:.3f}  ({time.time() - t:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
