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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_settings_cv import heldout_coding, micro_f1, seed_frame  # noqa: E402

LATER = ("bansos", "kependudukan", "pendidikan", "perizinan", "pertanian", "samsat", "stunting", "umkm")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", nargs="+", default=list(LATER))
    args = parser.parse_args()
    codes, seed, setting, X = seed_frame()
    rows: dict[str, list[float]] = {"lexicon": [], "classifier": [], "union": [], "intersection": []}
    for s in args.settings:
        train = [i for i, x in enumerate(setting) if x != s]
        test = [i for i, x in enumerate(setting) if x == s]
        by_model = heldout_coding(X, seed, train, test, codes)
        by_lexicon = [{c: ("supports" if pol > 0 else "against") for c, (_, pol) in hits.items()}
                      for hits in X["lexicon"].iloc[test]]
        for name, pred in (("lexicon", by_lexicon), ("classifier", by_model),
                           ("union", [lx | md for lx, md in zip(by_lexicon, by_model)]),
                           ("intersection", [{c: p for c, p in md.items() if c in lx}
                                             for lx, md in zip(by_lexicon, by_model)])):
            rows[name].append(micro_f1(seed, test, pred, codes))
        print(f"{s:<13} ({len(test)} passages) " + "  ".join(f"{k} {v[-1]:.3f}" for k, v in rows.items()),
              flush=True)
    means = {k: float(np.mean(v)) for k, v in rows.items()}
    print(f"{'mean':<13} " + "  ".join(f"{k} {v:.3f}" for k, v in means.items())
          + f"  (classifier - lexicon {means['classifier'] - means['lexicon']:+.3f})")


if __name__ == "__main__":
    main()
