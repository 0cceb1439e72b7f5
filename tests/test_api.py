from pipeline import api
from pipeline.scoring import FULFILLED, INSUFFICIENT, ScoringRule


def test_api_score_elements_from_confirmed_codes(coded_db, tiny_codebook):
    scores, summary = api.score_elements(db=coded_db, codebook=tiny_codebook, rule=ScoringRule())
    by_code = {s.code: s for s in scores}
    assert (by_code["trust"].supports, by_code["trust"].informants, by_code["trust"].verdict) == (2, 2, FULFILLED)
    rules = by_code["governance.rules"]
    assert (rules.supports, rules.against) == (1, 1)
    assert summary == "1 dari 4 unsur dan sub-unsur terpenuhi"


def test_api_score_elements_one_study_at_a_time(coded_db, tiny_codebook):
    scores, _ = api.score_elements(db=coded_db, codebook=tiny_codebook, rule=ScoringRule(), transcripts=["W1.txt"])
    assert {s.code: s for s in scores}["trust"].verdict == INSUFFICIENT


def test_api_quotation_table_offsets_match_text(coded_db, tiny_codebook):
    frame = api.quotation_table(db=coded_db, codebook=tiny_codebook)
    assert len(frame) == 4  # the rejected code is not a quotation
    row = frame[frame.passage_id == "W1-002"].iloc[0]
    assert (row.end - row.start) == len(row.text)
    assert row.note == "tidak ada MoU"
