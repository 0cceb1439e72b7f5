from pipeline import tables
from pipeline.records import ElementScore, Quote


def test_tables_code_path_follows_parents(tiny_codebook):
    assert tables.code_path(tiny_codebook, "governance.rules") == "Tata kelola > Aturan main"
    assert tables.code_path(tiny_codebook, "governance.rules", lang="en") == "Governance > Rules"
    assert tables.code_path(tiny_codebook, "unknown") == "unknown"


def test_tables_score_table_one_row_per_code(tiny_codebook):
    scores = [
        ElementScore("trust", "terpenuhi", 2, 0, 2,
                     quotes=(Quote("W1-001", "W1.txt", "Informan 1", "Kami percaya", "supports"),)),
        ElementScore("governance", "belum cukup bukti", 0, 0, 0),
        ElementScore("governance.rules", "tidak terpenuhi", 1, 1, 1, override="alasan", computed="terpenuhi"),
        ElementScore("governance.network_management", "belum cukup bukti", 0, 0, 0),
    ]
    frame = tables.score_table(scores, tiny_codebook)
    assert list(frame["code"]) == list(tiny_codebook.ids)
    assert frame.loc[0, "quotes_supports"] == "[W1.txt W1-001] Kami percaya"
    assert frame.loc[2, "verdict_en"] == "not fulfilled"
    assert frame.loc[2, "override_reason"] == "alasan"
    assert frame.loc[2, "parent"] == "governance"


def test_tables_quotation_table_adds_code_path(tiny_codebook):
    rows = [{"document": "W1.txt", "informant": "Informan 1", "code": "governance.rules", "polarity": "against",
             "text": "Belum ada MoU", "start": 5, "end": 18, "t_start": None, "coder": "ani", "time": "t",
             "note": "", "passage_id": "W1-002"}]
    frame = tables.quotation_table(rows, tiny_codebook)
    assert frame.loc[0, "code_path"] == "Tata kelola > Aturan main"
    assert list(frame.columns) == tables.QUOTATION_COLUMNS
