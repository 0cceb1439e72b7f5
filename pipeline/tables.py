"""Score and quotation tables as pandas DataFrames (pure: records in, DataFrames out).

The same tables feed the CLI's CSV output, the XLSX workbook, the HTML/Markdown report and a researcher's
own notebook (see ``pipeline.api``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from pipeline.records import Codebook, ElementScore
from pipeline.scoring import VERDICT_EN

SCORE_COLUMNS = [
    "code", "element", "parent", "verdict", "verdict_en", "supports", "against", "informants",
    "override_reason", "computed_verdict", "quotes_supports", "quotes_against",
]
QUOTATION_COLUMNS = [
    "document", "informant", "code", "code_path", "polarity", "text", "start", "end", "t_start", "coder",
    "time", "note", "passage_id",
]


def code_path(codebook: Codebook, code: str, *, lang: str = "id") -> str:
    """The code's path in the codebook, e.g. ``Kepastian tata kelola > Aturan main``."""
    parts = []
    current: str | None = code
    while current:
        try:
            element = codebook.get(current)
        except KeyError:
            parts.append(current)
            break
        parts.append(element.label_en if lang == "en" else element.label_id)
        current = element.parent
    return " > ".join(reversed(parts))


def _quote_text(score: ElementScore, polarity: str) -> str:
    return "\n".join(f"[{q.transcript} {q.passage_id}] {q.text}" for q in score.quotes if q.polarity == polarity)


def score_table(scores: Sequence[ElementScore], codebook: Codebook, *, lang: str = "id") -> pd.DataFrame:
    """One row per code in codebook order."""
    rows = []
    for s in scores:
        element = codebook.get(s.code)
        rows.append({
            "code": s.code,
            "element": element.label_en if lang == "en" else element.label_id,
            "parent": element.parent or "",
            "verdict": s.verdict,
            "verdict_en": VERDICT_EN[s.verdict],
            "supports": s.supports,
            "against": s.against,
            "informants": s.informants,
            "override_reason": s.override or "",
            "computed_verdict": s.computed or "",
            "quotes_supports": _quote_text(s, "supports"),
            "quotes_against": _quote_text(s, "against"),
        })
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def quotation_table(rows: Iterable[dict], codebook: Codebook, *, lang: str = "id") -> pd.DataFrame:
    """One row per confirmed coding: the table MAXQDA users export (document, informant, code path, ...)."""
    out = [{**r, "code_path": code_path(codebook, r["code"], lang=lang)} for r in rows]
    return pd.DataFrame(out, columns=QUOTATION_COLUMNS)
