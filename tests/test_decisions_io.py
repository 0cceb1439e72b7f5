import json

import pytest

from pipeline import decisions_io
from pipeline.errors import InvalidDecisions
from pipeline.records import Decision
from pipeline.store import decisions as store_decisions
from pipeline.store import queue

CODES = ["trust", "leadership", "governance.rules", "information_sharing", "networked_structure",
         "access_to_resources"]


def _some_decisions(db):
    store_decisions.record_decisions(db, [
        Decision("W01-001", "information_sharing", "confirm", "supports", "ani", note="jelas, \"berbagi\""),
        Decision("W01-002", "governance.rules", "confirm", "against", "budi"),
        Decision("W02-001", "trust", "reject", None, "ani", note="baris\nkedua"),
        Decision("W02-001", "trust", "confirm", "supports", "ani"),  # supersedes the reject
    ])


@pytest.mark.parametrize("ext", ["jsonl", "csv", "xlsx"])
def test_decisions_io_round_trip_identical(review_db, tmp_path, ext, review_fill):
    from pipeline.store import open_db

    _some_decisions(review_db)
    first = tmp_path / f"a.{ext}"
    assert decisions_io.export_file(review_db, first) == 3
    other = review_fill(open_db(":memory:"))
    assert decisions_io.import_file(other, first, codes=CODES) == 3
    second = tmp_path / f"b.{ext}"
    decisions_io.export_file(other, second)
    assert decisions_io.read_rows(first) == decisions_io.read_rows(second)
    if ext != "xlsx":
        assert first.read_bytes() == second.read_bytes()
    assert {d.origin for d in store_decisions.all_decisions(other)} == {"import"}


def test_decisions_io_pending_rows_for_spreadsheet_review(review_db, tmp_path):
    _some_decisions(review_db)
    path = tmp_path / "review.csv"
    n = decisions_io.export_file(review_db, path, include_pending=True)
    rows = [r for _, r in decisions_io.read_rows(path)]
    pending = [r for r in rows if r["decision"] == ""]
    assert n == len(rows) and len(pending) == 3
    assert {r["code"] for r in pending} == {"networked_structure", "leadership", "access_to_resources"}
    # The researcher fills in one row; the empty ones are skipped on import.
    text = path.read_text(encoding="utf-8").replace("W01-003,leadership,,supports,,", "W01-003,leadership,confirm,supports,citra,")
    path.write_text(text, encoding="utf-8")
    assert decisions_io.import_file(review_db, path, codes=CODES) == 4
    assert ("W01-003", "leadership") in queue.current(review_db, ["W01-003"], "citra", everyone=False)


def test_decisions_io_refuses_whole_file_with_row_numbers(review_db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "passage_id,code,decision,polarity,coder,note\n"
        "W01-001,trust,confirm,supports,ani,\n"
        "W09-001,trust,confirm,supports,ani,\n"
        "W01-001,kepercayaan,confirm,supports,ani,\n"
        "W01-001,trust,maybe,supports,ani,\n"
        "W01-001,trust,confirm,,ani,\n"
        "W01-001,trust,reject,sideways,ani,\n"
        "W01-001,trust,reject,,,\n", encoding="utf-8")
    with pytest.raises(InvalidDecisions, match=r"row 3: unknown passage id 'W09-001'.*row 4: code 'kepercayaan'.*"
                       r"row 5: decision 'maybe'.*row 6: a confirmed code needs a polarity.*row 7: polarity"
                       r".*row 8: coder is empty"):
        decisions_io.import_file(review_db, path, codes=CODES)
    assert list(store_decisions.all_decisions(review_db)) == []


def test_decisions_io_unknown_coder_becomes_user_without_login(review_db, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"passage_id": "W01-001", "code": "trust", "decision": "confirm",
                                "polarity": "supports", "coder": "eko", "note": ""}) + "\n", encoding="utf-8")
    decisions_io.import_file(review_db, path, codes=CODES)
    assert review_db.execute("SELECT role, password_hash FROM users WHERE name = 'eko'").fetchone() == ("coder", None)


@pytest.mark.parametrize("name, content, match", [
    ("d.txt", "x", "unknown file type 'txt'"),
    ("d.csv", "passage_id,code\nW01-001,trust\n", "missing column"),
    ("d.jsonl", "[1, 2]\n", "must be a JSON object"),
    ("d.jsonl", "{not json\n", "cannot read the file"),
    ("d.xlsx", "not a zip", "not a readable XLSX"),
])
def test_decisions_io_bad_files(review_db, tmp_path, name, content, match):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidDecisions, match=match):
        decisions_io.import_file(review_db, path, codes=CODES)
