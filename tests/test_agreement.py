import math

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from pipeline import agreement
from pipeline.records import Decision, Suggestion

# Two coders, ten passages, one code: they agree on 8 (4 present, 4 absent) and disagree on 2.
A = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
B = [1, 1, 1, 1, 0, 1, 0, 0, 0, 0]


def _decisions(coder, values, code="trust"):
    return [Decision(f"W01-{i + 1:03d}", code, "confirm" if v else "reject", "supports" if v else None, coder)
            for i, v in enumerate(values)]


def test_agreement_two_coders_by_hand():
    long = agreement.ratings(_decisions("ani", A) + _decisions("budi", B), ["trust"])
    row = agreement.agreement(long, ["trust"]).set_index("code").loc["trust"]
    assert row["units"] == 10 and row["coders"] == 2
    # By hand: po = 0.8, pe = 0.5*0.5 + 0.5*0.5 = 0.5, kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6.
    assert row["percent"] == pytest.approx(0.8)
    assert row["kappa"] == pytest.approx(0.6)
    # By hand: n = 20 values (10 present, 10 absent), 4 off-diagonal coincidences:
    # alpha = 1 - (n - 1) * 4 / (2 * 10 * 10) = 1 - 76/200 = 0.62.
    assert row["alpha"] == pytest.approx(0.62)


def test_agreement_matches_reference_libraries_with_missing_values():
    rng = np.random.default_rng(7)
    coders = {c: rng.integers(0, 2, 30).tolist() for c in ("ani", "budi", "citra")}
    decisions = [d for c, v in coders.items() for d in _decisions(c, v)]
    decisions = [d for d in decisions if not (d.coder == "citra" and d.passage_id.endswith(("1", "2")))]
    long = agreement.ratings(decisions, ["trust"])
    row = agreement.agreement(long, ["trust"]).set_index("code").loc["trust"]
    data = np.array([coders[c] for c in ("ani", "budi", "citra")], dtype=float)
    for i in range(30):
        if f"{i + 1:03d}".endswith(("1", "2")):
            data[2, i] = np.nan
    assert row["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    assert math.isnan(row["kappa"])  # three coders: no Cohen's kappa
    pair = agreement.pairwise(long).set_index(["coder_a", "coder_b"]).loc[("ani", "budi")]
    assert pair["kappa"] == pytest.approx(cohen_kappa_score(coders["ani"], coders["budi"]))


def test_agreement_polarity_level_and_unreviewed_codes_are_absent():
    d = [Decision("W01-001", "trust", "confirm", "supports", "ani"),
         Decision("W01-001", "trust", "confirm", "against", "budi"),
         Decision("W01-001", "leadership", "confirm", "supports", "ani")]
    presence = agreement.ratings(d, ["trust", "leadership"])
    assert presence.set_index(["code", "coder"]).loc[("leadership", "budi"), "value"] == "absent"
    stats = agreement.agreement(presence, ["trust", "leadership"]).set_index("code")
    assert stats.loc["trust", "percent"] == 1.0 and stats.loc["leadership", "percent"] == 0.0
    polarity = agreement.ratings(d, ["trust", "leadership"], level="polarity")
    assert agreement.agreement(polarity, ["trust"]).set_index("code").loc["trust", "percent"] == 0.0
    with pytest.raises(ValueError, match="level 'x' is unknown"):
        agreement.ratings(d, ["trust"], level="x")


def test_agreement_machine_as_a_coder_and_disagreements():
    d = _decisions("ani", [1, 0]) + _decisions("budi", [1, 1])
    machine = [Suggestion("W01-001", "trust", 0.9, "supports", "lexicon"),
               Suggestion("W01-009", "trust", 0.9, "supports", "lexicon")]  # unreviewed passage: not a unit
    long = agreement.ratings(d, ["trust"], machine=machine)
    assert sorted(long["coder"].unique()) == ["ani", "budi", "mesin"]
    assert long[long["coder"] == "mesin"]["value"].tolist() == ["present", "absent"]
    dis = agreement.disagreements(long)
    assert dis["passage"].tolist() == ["W01-002"] and "mesin" not in dis.columns


def test_agreement_undefined_statistics_are_nan():
    long = agreement.ratings(_decisions("ani", [1, 1]) + _decisions("budi", [1, 1]), ["trust", "leadership"])
    stats = agreement.agreement(long, ["trust", "unknown"]).set_index("code")
    assert stats.loc["trust", "percent"] == 1.0
    assert math.isnan(stats.loc["trust", "kappa"]) and math.isnan(stats.loc["trust", "alpha"])
    assert stats.loc["unknown", "units"] == 0
    one = agreement.ratings(_decisions("ani", [1, 0]), ["trust"])
    assert agreement.agreement(one, ["trust"]).loc[0, "units"] == 0
