from html.parser import HTMLParser

import pandas as pd
import pytest

from pipeline import api, report
from pipeline.scoring import ScoringRule


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.images, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs)["src"])

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def written(coded_db, tiny_codebook, tmp_path):
    paths = api.write_report(tmp_path / "out", db=coded_db, codebook=tiny_codebook, rule=ScoringRule())
    return {p.suffix: p for p in paths}


def test_report_html_parses_self_contained_with_charts(written):
    html = written[".html"].read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    assert {"table", "h2", "blockquote"} <= set(parser.tags)
    assert len(parser.images) == 3
    assert all(src.startswith("data:image/png;base64,") for src in parser.images)
    assert "http://" not in html and "https://" not in html  # opens without internet
    text = " ".join(parser.text)
    assert "1 dari 4 unsur dan sub-unsur terpenuhi" in text
    assert "Kami percaya data dari BKN." in text


def test_report_xlsx_opens_with_pandas(written):
    sheets = pd.read_excel(written[".xlsx"], sheet_name=None)
    assert {"unsur", "kutipan", "metode", "grafik"} <= set(sheets)
    assert list(sheets["unsur"]["code"])[:1] == ["trust"]
    assert len(sheets["kutipan"]) == 4


def test_report_markdown_and_methods(written):
    md = written[".md"].read_text(encoding="utf-8")
    assert md.startswith("# Laporan Penilaian Kolaborasi")
    assert "| Saling percaya (`trust`) | terpenuhi | 2 | 0 | 2 |" in md
    assert "Korpus terdiri atas 2 transkrip" in md


def test_report_escapes_untrusted_text(coded_db, tiny_codebook):
    coded_db.execute("UPDATE passages SET text = '<script>alert(1)</script>' WHERE id = 'W1-001'")
    data = api.report_data(db=coded_db, codebook=tiny_codebook, rule=ScoringRule())
    html = report.render_html(data, images=[])
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_report_english_and_dry_run_labelled(coded_db, tiny_codebook):
    coded_db.execute("INSERT INTO suggestions (passage_id, code, score, polarity, source, created_at) "
                     "VALUES ('W1-002', 'trust', 0.7, 'against', 'lexicon', 'now')")
    data = api.report_data(db=coded_db, codebook=tiny_codebook, rule=ScoringRule(), dry_run=True, lang="en")
    md = report.render_markdown(data)
    assert "PREVIEW" in md and "NOT yet confirmed" in md
    assert "of 4 elements and sub-elements fulfilled" in md


def test_report_shows_agreement_where_double_coding_exists(coded_db, tiny_codebook):
    from pipeline.records import Decision
    from pipeline.store import decisions as store_decisions

    store_decisions.record_decisions(coded_db, [
        Decision("W1-001", "trust", "confirm", "supports", "budi"),
        Decision("W1-002", "governance.rules", "reject", None, "budi"),
    ])
    data = api.report_data(db=coded_db, codebook=tiny_codebook, rule=ScoringRule())
    assert data.agreement is not None
    overall = data.agreement.iloc[-1]
    assert overall["code"] == "*" and overall["units"] > 0
    md = report.render_markdown(data)
    assert "Kesepakatan antarpengode" in md
