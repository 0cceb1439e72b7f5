"""Does more seed data help in a setting the model has never seen? Held-out-setting evaluation on the seed corpus.

For each setting S of ``--base`` (default: the six original settings), train the classifier (thresholds by grouped
cross-validation, as ``telaah train`` does) on the other base settings, with and without the extra settings
(every seed setting not in ``--base``), and print micro-F1 on S. Seed corpus only; the devset is not used.

    .venv/bin/python benchmarks/seed_settings_cv.py [--base bencana kepegawaian ...]
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

ORIGINAL = ("bencana", "kepegawaian", "kesehatan", "kla", "pariwisata", "sampah")


def seed_frame():
    """The codebook's code ids, the seed examples, each example's setting, and the model frame of all of them."""
    lexicon = load_lexicon()
    codes = lexicon.codebook.ids
    seed = read_seed(codes=codes)
    return codes, seed, [e.id.split("-")[0] for e in seed], featurize(seed, lexicon)


def heldout_coding(X, seed, train: list[int], test: list[int], codes) -> list[dict[str, str]]:
    """Fit the classifier on the ``train`` rows as ``telaah train`` does; its codes for the ``test`` rows."""
    model, _ = fit_with_cv(X.iloc[train].reset_index(drop=True), [seed[i] for i in train], codes=codes,
                           evaluate_on=[], folds=5)
    return predicted_coding(model, X.iloc[test].reset_index(drop=True))


def micro_f1(seed, rows: list[int], predicted: list[dict[str, str]], codes) -> float:
    """micro-F1 of ``predicted`` (one coding per row of ``rows``) against the seed gold."""
    return evaluate({seed[i].id: seed[i].code_map for i in rows}, {seed[i].id: p for i, p in zip(rows, predicted)},
                    codes=codes)["micro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", nargs="+", default=list(ORIGINAL))
    args = parser.parse_args()
    codes, seed, setting, X = seed_frame()
    extra = [i for i, s in enumerate(setting) if s not in args.base]
    print(f"{len(seed)} seed passages; extra settings: {sorted({setting[i] for i in extra})} ({len(extra)} passages)")
    without, with_extra = [], []
    for s in args.base:
        test = [i for i, x in enumerate(setting) if x == s]
        train = [i for i, x in enumerate(setting) if x in args.base and x != s]
        without.append(micro_f1(seed, test, heldout_coding(X, seed, train, test, codes), codes))
        with_extra.append(micro_f1(seed, test, heldout_coding(X, seed, train + extra, test, codes), codes)
                          if extra else float("nan"))
        print(f"{s:<13} held out ({len(test)} passages): other base settings {without[-1]:.3f}, "
              f"+ extra settings {with_extra[-1]:.3f}", flush=True)
    print(f"{'mean':<13} other base settings {np.mean(without):.3f}, + extra settings {np.mean(with_extra):.3f}")


if __name__ == "__main__":
    main()
