"""Inter-coder agreement on passages (pure: no database, no files).

The unit is (passage, code). A coder who decided anything on a passage has *reviewed* it; for every code their
value there is ``present`` (confirmed) or ``absent`` (rejected or never coded) — or, at ``level="polarity"``,
``supports`` / ``against`` / ``absent``. Passages a coder never reviewed are missing for that coder. The machine
can join as one more coder: it has reviewed every passage, and its value is its suggestion.

Statistics per code and overall (all units pooled): percent agreement (share of agreeing coder pairs per unit,
averaged over units), Cohen's kappa (exactly two coders; :func:`sklearn.metrics.cohen_kappa_score`) and
Krippendorff's alpha for nominal data (any number of coders; the ``krippendorff`` package). A statistic that is
undefined (one coder, or a single value everywhere) is NaN.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from pipeline.records import Decision, Suggestion

LEVELS: tuple[str, ...] = ("presence", "polarity")
OVERALL = "*"
MACHINE = "mesin"


def _value(decision: str | None, polarity: str | None, level: str) -> str:
    if decision != "confirm":
        return "absent"
    return (polarity or "supports") if level == "polarity" else "present"


def ratings(
    decisions: Iterable[Decision], codes: Sequence[str], *, level: str = "presence",
    machine: Iterable[Suggestion] | None = None, passages: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The long table ``passage, code, coder, value`` of every coder's value on every unit they reviewed.

    Args:
        decisions: each coder's current decisions (one per passage, code and coder; undo marks left out).
        codes: the codebook ids to rate (decisions on other codes are ignored).
        level: ``presence`` (present/absent) or ``polarity`` (supports/against/absent).
        machine: the suggestions, to add the machine as coder ``mesin``.
        passages: restrict the units to these passages (e.g. the double-coded ones).

    Raises:
        ValueError: unknown ``level``.
    """
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is unknown; use one of {', '.join(LEVELS)}")
    keep = set(passages) if passages is not None else None
    codeset = set(codes)
    decided: dict[tuple[str, str, str], str] = {}
    reviewed: dict[str, set[str]] = {}
    for d in decisions:
        if (keep is not None and d.passage_id not in keep) or d.origin == "undo":
            continue
        reviewed.setdefault(d.coder, set()).add(d.passage_id)
        if d.code in codeset:
            decided[(d.passage_id, d.code, d.coder)] = _value(d.decision, d.polarity, level)
    units = set().union(*reviewed.values()) if reviewed else set()
    if machine is not None:
        reviewed[MACHINE] = units
        for s in machine:
            if s.passage_id in units and s.code in codeset:
                decided[(s.passage_id, s.code, MACHINE)] = _value("confirm", s.polarity, level)
    rows = [
        (pid, code, coder, decided.get((pid, code, coder), "absent"))
        for coder in sorted(reviewed) for pid in sorted(reviewed[coder]) for code in codes
    ]
    return pd.DataFrame(rows, columns=["passage", "code", "coder", "value"])


def _percent(matrix: pd.DataFrame) -> float:
    scores = []
    for _, row in matrix.iterrows():
        vals = row.dropna().tolist()
        if len(vals) >= 2:
            pairs = list(itertools.combinations(vals, 2))
            scores.append(sum(a == b for a, b in pairs) / len(pairs))
    return float(np.mean(scores)) if scores else float("nan")


def _kappa(a: Sequence[str], b: Sequence[str]) -> float:
    labels = sorted(set(a) | set(b))
    if len(a) == 0 or len(labels) < 2:
        return float("nan")
    return float(cohen_kappa_score(list(a), list(b), labels=labels))


def _alpha(matrix: pd.DataFrame) -> float:
    values = sorted({v for col in matrix.columns for v in matrix[col].dropna()})
    if len(values) < 2 or matrix.shape[1] < 2:
        return float("nan")
    index = {v: i for i, v in enumerate(values)}
    data = matrix.apply(lambda col: col.map(index)).to_numpy(dtype=float).T  # coders x units
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _stats(long: pd.DataFrame) -> dict:
    matrix = long.pivot_table(index=["passage", "code"], columns="coder", values="value", aggfunc="first")
    matrix = matrix[matrix.notna().sum(axis=1) >= 2]
    coders = list(matrix.columns)
    kappa = float("nan")
    if len(coders) == 2:
        both = matrix.dropna()
        kappa = _kappa(both[coders[0]].tolist(), both[coders[1]].tolist())
    return {"units": len(matrix), "coders": len(coders), "percent": _percent(matrix), "kappa": kappa,
            "alpha": _alpha(matrix)}


def agreement(long: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Per code and overall (code ``*``): units, coders, percent agreement, Cohen's kappa, Krippendorff's alpha.

    ``long`` is the table from :func:`ratings`; codes without any rating get NaN statistics and 0 units.
    """
    rows = []
    for code in [*codes, OVERALL]:
        part = long if code == OVERALL else long[long["code"] == code]
        empty = {"units": 0, "coders": 0, "percent": np.nan, "kappa": np.nan, "alpha": np.nan}
        rows.append({"code": code, **(_stats(part) if len(part) else empty)})
    return pd.DataFrame(rows, columns=["code", "units", "coders", "percent", "kappa", "alpha"])


def pairwise(long: pd.DataFrame) -> pd.DataFrame:
    """Every pair of coders over the units both rated (all codes pooled): units, percent, kappa."""
    matrix = long.pivot_table(index=["passage", "code"], columns="coder", values="value", aggfunc="first")
    rows = []
    for a, b in itertools.combinations(list(matrix.columns), 2):
        both = matrix[[a, b]].dropna()
        rows.append({"coder_a": a, "coder_b": b, "units": len(both),
                     "percent": float((both[a] == both[b]).mean()) if len(both) else np.nan,
                     "kappa": _kappa(both[a].tolist(), both[b].tolist())})
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", "units", "percent", "kappa"])


def disagreements(long: pd.DataFrame) -> pd.DataFrame:
    """Units where the human coders' values differ: one row per unit with a column per coder."""
    humans = long[long["coder"] != MACHINE]
    matrix = humans.pivot_table(index=["passage", "code"], columns="coder", values="value", aggfunc="first")
    differ = matrix.apply(lambda row: row.dropna().nunique() > 1, axis=1) if len(matrix) else []
    out = matrix[differ] if len(matrix) else matrix
    return out.reset_index()
