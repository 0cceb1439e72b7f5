import json

import pytest

from pipeline.errors import InvalidDecisions
from pipeline.gold import gold_decisions, read_gold


def test_gold_read_and_decisions(tmp_path):
    path = tmp_path / "gold.jsonl"
    rows = [
        {"file": "a.txt", "passage_id": "a-001", "text": "x", "codes": [{"code": "trust", "polarity": "against"}]},
        {"file": "a.txt", "passage_id": "a-002", "text": "y", "codes": []},
        {"file": "a.txt", "passage_id": "a-003", "text": "z", "codes": [{"code": "trust", "polarity": "supports"}]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    gold = read_gold(path)
    mapping = {"a-001": "P-1", "a-002": "P-2"}  # a-003 did not align
    decisions = gold_decisions(gold, mapping, codes=["trust", "leadership"])
    got = [(d.passage_id, d.code, d.decision, d.polarity) for d in decisions]
    assert got == [
        ("P-1", "trust", "confirm", "against"),
        ("P-1", "leadership", "reject", None),
        ("P-2", "trust", "reject", None),
        ("P-2", "leadership", "reject", None),
    ]
    assert [d.passage_id for d in gold_decisions(gold, mapping)] == ["P-1"]


def test_gold_bad_line_named(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"passage_id": "a", "text": "x", "codes": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(InvalidDecisions, match=r"gold.jsonl:2: not JSON"):
        read_gold(path)
    path.write_text('{"passage_id": "a"}\n', encoding="utf-8")
    with pytest.raises(InvalidDecisions, match=r":1: missing codes, text"):
        read_gold(path)
