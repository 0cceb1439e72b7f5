"""The research report: a self-contained HTML file, an XLSX workbook and a Markdown version.

``ReportData`` holds everything a report shows (computed elsewhere); the renderers here are pure except
``write_report``, which writes the three files atomically into a folder. Indonesian by default, English with
``lang="en"``.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import __version__, charts, tables
from pipeline.records import Codebook, ElementScore, Quote
from pipeline.scoring import CodedPassage, ScoringRule

TEXT = {
    "id": {
        "title": "Laporan Penilaian Kolaborasi (DeSeve)", "generated": "Dibuat", "table": "Tabel unsur",
        "element": "Unsur / sub-unsur", "verdict": "Putusan", "quotes": "Kutipan bukti", "charts": "Grafik",
        "methods": "Metode", "agreement": "Kesepakatan antarpengode", "supports": "mendukung",
        "against": "menentang", "overridden": "Diganti peneliti", "rule_said": "menurut aturan",
        "dry_run": "PRATINJAU — berdasarkan saran mesin yang BELUM dikonfirmasi peneliti; bukan temuan penelitian.",
        "evidence": "Bukti per unsur", "coverage": "Cakupan unsur per informan", "cooc": "Ko-okurensi kode",
    },
    "en": {
        "title": "Collaboration Assessment Report (DeSeve)", "generated": "Generated", "table": "Element table",
        "element": "Element / sub-element", "verdict": "Verdict", "quotes": "Evidence quotes", "charts": "Charts",
        "methods": "Methods", "agreement": "Intercoder agreement", "supports": "supports", "against": "against",
        "overridden": "Overridden by the researcher", "rule_said": "rule's verdict",
        "dry_run": "PREVIEW — based on machine suggestions NOT yet confirmed by a researcher; not findings.",
        "evidence": "Evidence per element", "coverage": "Coverage of each element per informant",
        "cooc": "Code co-occurrence",
    },
}


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows."""

    codebook: Codebook
    scores: Sequence[ElementScore]
    summary: str
    coded: Sequence[CodedPassage]
    stats: dict
    rule: ScoringRule = ScoringRule()
    max_words: int = 120
    lang: str = "id"
    dry_run: bool = False
    agreement: pd.DataFrame | None = None
    generated_at: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def cite(q: Quote) -> str:
    """Where a quote comes from: informant pseudonym, transcript, timestamp or passage id."""
    return ", ".join(x for x in (q.speaker, q.transcript, _clock(q.t_start) or q.passage_id) if x)


def methods(data: ReportData) -> list[str]:
    """The methods section, generated from the data."""
    s, rule = data.stats, data.rule
    share = (100 * s["confirmed_from_suggestions"] / s["suggestions"]) if s["suggestions"] else 0.0
    lex = ", ".join(s["lexicon_versions"]) or "-"
    mod = ", ".join(s["model_versions"]) or ("-" if data.lang == "en" else "- (pengode leksikon saja)")
    if data.lang == "en":
        return [
            f"The corpus holds {s['transcripts']} interview transcripts: {s['passages']} passages, "
            f"{s['informant_passages']} of them informant passages, {s['words']} words.",
            f"Informant turns longer than {data.max_words} words were split at sentence boundaries "
            "(spaCy blank('id') with a sentencizer); interviewer turns are kept as context.",
            f"Codes were suggested by the lexicon coder (lexicon version {lex}) and the classifier (model {mod}). "
            f"{s['suggestions']} suggestions were made; {s['confirmed_from_suggestions']} of them were confirmed "
            f"by researchers ({share:.0f}%). In all {s['confirmed']} codes are confirmed out of {s['decided']} "
            f"decided (passage, code) pairs, by {len(s['coders'])} coder(s). Only confirmed codes count.",
            f"Scoring rule per element: S = passages supporting, A = passages against, N = informants "
            f"(transcripts) supporting. Fulfilled when S > A and N >= {rule.min_informants}; not fulfilled when "
            f"A >= S and A >= {rule.min_against}; otherwise insufficient evidence. Governance without its own "
            "passages is judged from its sub-elements (fulfilled when most of them are).",
        ]
    return [
        f"Korpus terdiri atas {s['transcripts']} transkrip wawancara: {s['passages']} passage, "
        f"{s['informant_passages']} di antaranya passage informan, {s['words']} kata.",
        f"Giliran informan yang lebih panjang dari {data.max_words} kata dipecah pada batas kalimat "
        "(spaCy blank('id') dengan sentencizer); giliran pewawancara disimpan sebagai konteks.",
        f"Kode disarankan oleh pengode leksikon (versi leksikon {lex}) dan klasifier (model {mod}). "
        f"Sebanyak {s['suggestions']} saran dibuat; {s['confirmed_from_suggestions']} di antaranya dikonfirmasi "
        f"peneliti ({share:.0f}%). Seluruhnya {s['confirmed']} kode dikonfirmasi dari {s['decided']} pasangan "
        f"(passage, kode) yang diputuskan, oleh {len(s['coders'])} pengode. Hanya kode terkonfirmasi yang dihitung.",
        f"Aturan skor per unsur: S = passage yang mendukung, A = passage yang menentang, N = informan "
        f"(transkrip) yang mendukung. Terpenuhi bila S > A dan N >= {rule.min_informants}; tidak terpenuhi bila "
        f"A >= S dan A >= {rule.min_against}; selain itu belum cukup bukti. Unsur tata kelola tanpa passage "
        "sendiri dinilai dari sub-unsurnya (terpenuhi bila sebagian besar sub-unsur terpenuhi).",
    ]


def _rows(data: ReportData) -> list[dict]:
    out = []
    for s in data.scores:
        element = data.codebook.get(s.code)
        out.append({
            "code": s.code, "label": element.label_en if data.lang == "en" else element.label_id,
            "parent": element.parent, "verdict": s.verdict, "supports": s.supports, "against": s.against,
            "informants": s.informants, "override": s.override, "computed": s.computed,
            "quotes": [{"text": q.text, "polarity": q.polarity, "cite": cite(q)} for q in s.quotes],
        })
    return out


def chart_images(data: ReportData) -> list[tuple[str, bytes]]:
    """The three charts as (title, PNG bytes)."""
    t = TEXT[data.lang]
    return [
        (t["evidence"], charts.evidence_chart(data.coded, data.codebook, lang=data.lang)),
        (t["coverage"], charts.coverage_chart(data.coded, data.codebook, lang=data.lang)),
        (t["cooc"], charts.cooccurrence_chart(data.coded, data.codebook, lang=data.lang)),
    ]


def render_html(data: ReportData, images: list[tuple[str, bytes]] | None = None) -> str:
    """A self-contained HTML page (styles inline, charts as data URIs; no internet needed)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    agreement = None
    if data.agreement is not None and not data.agreement.empty:
        agreement = {"columns": list(data.agreement.columns),
                     "rows": [[_fmt(v) for v in r] for r in data.agreement.itertuples(index=False)]}
    images = images if images is not None else chart_images(data)
    return env.get_template("report.html.j2").render(
        t=TEXT[data.lang], lang=data.lang, version=__version__, generated_at=data.generated_at,
        dry_run=data.dry_run, summary=data.summary, rows=_rows(data), methods=methods(data),
        charts=[{"title": title, "data": base64.b64encode(png).decode("ascii")} for title, png in images],
        agreement=agreement,
    )


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def render_markdown(data: ReportData) -> str:
    """The report as Markdown (element table, quotes, methods)."""
    t = TEXT[data.lang]
    lines = [f"# {t['title']}", "", f"_{t['generated']} {data.generated_at} · telaah {__version__}_", ""]
    if data.dry_run:
        lines += [f"> **{t['dry_run']}**", ""]
    lines += [f"**{data.summary}**", "", f"## {t['table']}", "",
              f"| {t['element']} | {t['verdict']} | S | A | N |", "|---|---|---|---|---|"]
    for r in _rows(data):
        label = ("↳ " if r["parent"] else "") + r["label"]
        verdict = r["verdict"] + (f" ({t['overridden']}: {r['override']})" if r["override"] else "")
        lines.append(f"| {label} (`{r['code']}`) | {verdict} | {r['supports']} | {r['against']} | {r['informants']} |")
    lines += ["", f"## {t['quotes']}", ""]
    for r in _rows(data):
        if r["quotes"]:
            lines += [f"### {r['label']} — {r['verdict']}", ""]
            lines += [f"> “{q['text']}”  \n> — {q['cite']} · {t[q['polarity']]}\n" for q in r["quotes"]]
    lines += [f"## {t['methods']}", "", *[p + "\n" for p in methods(data)]]
    if data.agreement is not None and not data.agreement.empty:
        cols = list(data.agreement.columns)
        lines += [f"### {t['agreement']}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_fmt(v) for v in r) + " |" for r in data.agreement.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def write_xlsx(path: Path, data: ReportData, quotations: pd.DataFrame,
               images: list[tuple[str, bytes]] | None = None) -> None:
    """The workbook: element table, quotations, methods, agreement, and a sheet with the charts."""
    from openpyxl.drawing.image import Image

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        tables.score_table(data.scores, data.codebook, lang=data.lang).to_excel(writer, sheet_name="unsur", index=False)
        quotations.to_excel(writer, sheet_name="kutipan", index=False)
        pd.DataFrame({"metode": methods(data)}).to_excel(writer, sheet_name="metode", index=False)
        if data.agreement is not None and not data.agreement.empty:
            data.agreement.to_excel(writer, sheet_name="kesepakatan", index=False)
        sheet = writer.book.create_sheet("grafik")
        row = 1
        for title, png in images if images is not None else chart_images(data):
            sheet.cell(row=row, column=1, value=title)
            sheet.add_image(Image(io.BytesIO(png)), f"A{row + 1}")
            row += 40


def write_report(out_dir: str | os.PathLike, data: ReportData, quotations: pd.DataFrame) -> list[Path]:
    """Write ``laporan.html``, ``laporan.xlsx`` and ``laporan.md`` into ``out_dir`` (each written atomically)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images = chart_images(data)
    base = "laporan" if data.lang == "id" else "report"
    writers = {
        f"{base}.html": lambda p: p.write_text(render_html(data, images), encoding="utf-8"),
        f"{base}.md": lambda p: p.write_text(render_markdown(data), encoding="utf-8"),
        f"{base}.xlsx": lambda p: write_xlsx(p, data, quotations, images),
    }
    written = []
    for name, write in writers.items():
        fd, tmp = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp" + Path(name).suffix)
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, out / name)
        finally:
            Path(tmp).unlink(missing_ok=True)
        written.append(out / name)
    return written
