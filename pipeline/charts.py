"""Report charts drawn with matplotlib (Agg backend, no display); each returns PNG bytes. No files, no DB."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipeline.records import Codebook  # noqa: E402
from pipeline.scoring import CodedPassage  # noqa: E402

_LABELS = {
    "id": {"supports": "mendukung", "against": "menentang", "evidence": "Bukti per unsur (jumlah passage)",
           "coverage": "Cakupan unsur per informan (jumlah passage)", "cooc": "Ko-okurensi kode (passage)",
           "informant": "Informan (transkrip)"},
    "en": {"supports": "supports", "against": "against", "evidence": "Evidence per element (passages)",
           "coverage": "Coverage of each element per informant (passages)", "cooc": "Code co-occurrence (passages)",
           "informant": "Informant (transcript)"},
}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def evidence_chart(coded: Sequence[CodedPassage], codebook: Codebook, *, lang: str = "id") -> bytes:
    """Horizontal bars: passages for and against each code."""
    t = _LABELS[lang]
    ids = list(codebook.ids)
    sup = Counter(c.code for c in coded if c.polarity == "supports")
    ag = Counter(c.code for c in coded if c.polarity == "against")
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(ids) + 1.2))
    y = range(len(ids))
    ax.barh([i - 0.2 for i in y], [sup[c] for c in ids], height=0.4, color="#2a9d8f", label=t["supports"])
    ax.barh([i + 0.2 for i in y], [ag[c] for c in ids], height=0.4, color="#e76f51", label=t["against"])
    ax.set_yticks(list(y), ids, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(t["evidence"])
    ax.legend(loc="lower right")
    return _png(fig)


def _heatmap(matrix, rows, cols, title) -> bytes:
    fig, ax = plt.subplots(figsize=(0.5 * len(cols) + 3, 0.45 * len(rows) + 2))
    image = ax.imshow(matrix, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(len(rows)), rows, fontsize=7)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7)
    fig.colorbar(image, ax=ax, shrink=0.6)
    ax.set_title(title)
    return _png(fig)


def coverage_chart(coded: Sequence[CodedPassage], codebook: Codebook, *, lang: str = "id") -> bytes:
    """Heatmap: informants (transcripts) x codes, the number of coded passages."""
    ids = list(codebook.ids)
    informants = sorted({c.transcript for c in coded}) or ["-"]
    counts = Counter((c.transcript, c.code) for c in coded)
    matrix = [[counts[(inf, code)] for code in ids] for inf in informants]
    return _heatmap(matrix, informants, ids, _LABELS[lang]["coverage"])


def cooccurrence_chart(coded: Sequence[CodedPassage], codebook: Codebook, *, lang: str = "id") -> bytes:
    """Heatmap: how many passages carry both codes."""
    ids = list(codebook.ids)
    per_passage: dict[str, set[str]] = {}
    for c in coded:
        per_passage.setdefault(c.passage_id, set()).add(c.code)
    pairs = Counter()
    for codes in per_passage.values():
        for a, b in combinations(sorted(codes), 2):
            pairs[(a, b)] += 1
            pairs[(b, a)] += 1
    matrix = [[pairs[(a, b)] for b in ids] for a in ids]
    return _heatmap(matrix, ids, ids, _LABELS[lang]["cooc"])
