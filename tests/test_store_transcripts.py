import pytest

from pipeline.errors import StoreError
from pipeline.formats.speakers import RawTurn
from pipeline.ingest import build_transcript
from pipeline.process import ProcessedTranscript, with_ids
from pipeline.records import Decision, Evidence, Suggestion
from pipeline.segment import segment
from pipeline.store import decisions
from pipeline.store import suggestions as sstore
from pipeline.store import transcripts as store


def _processed(text="Rutin tiap bulan.", name="W01.txt", digest="h1"):
    t = build_transcript(name, "txt", ["Judul: Uji"], [
        RawTurn("P", "interviewer", "Bagaimana rapatnya?"), RawTurn("Bu Ani", "informant", text, 1.0, 4.0, 3),
    ], content_hash=digest)
    stem = name.rsplit(".", 1)[0]
    sugg = (Suggestion(f"{stem}-001", "trust", 0.8, "supports", "lexicon", (Evidence("rutin", 0, 5),), "", "lx"),)
    return ProcessedTranscript(t, tuple(segment(t)), sugg, f"/data/{name}", stem)


def _add(db, processed, version=1):
    prefix = store.id_prefix(db, processed.transcript.name, processed.id_prefix)
    final = with_ids(processed, prefix=prefix, version=version)
    return store.add_transcript(db, final.transcript, final.passages, final.suggestions, version=version,
                                stem=prefix, path=final.path)


def test_store_add_transcript_writes_everything(db):
    tid = _add(db, _processed())
    assert db.execute("SELECT name, version, current, stem, metadata FROM transcripts WHERE id = ?", [tid]).fetchone() == (
        "W01.txt", 1, 1, "W01", '{"judul": "Uji"}')
    assert db.execute("SELECT COUNT(*) FROM turns WHERE transcript_id = ?", [tid]).fetchone()[0] == 2
    ps = store.passages(db)
    assert [(p.id, p.role, p.t_start, p.question) for p in ps] == [
        ("W01-q001", "interviewer", None, None), ("W01-001", "informant", 1.0, "Bagaimana rapatnya?"),
    ]
    text = store.transcript_text(db, "W01.txt")
    assert all(text[p.start:p.end] == p.text for p in ps)
    assert sstore.for_passage(db, "W01-001")[0].evidence == (Evidence("rutin", 0, 5),)


def test_store_is_ingested_compares_current_content(db):
    _add(db, _processed())
    assert store.is_ingested(db, "W01.txt", "h1")
    assert not store.is_ingested(db, "W01.txt", "h2")
    assert not store.is_ingested(db, "W02.txt", "h1")


def test_store_new_version_keeps_old_and_its_decisions(db):
    _add(db, _processed())
    decisions.record_decision(db, Decision("W01-001", "trust", "confirm", "supports", "rina"))
    assert store.next_version(db, "W01.txt") == 2
    _add(db, _processed("Rutin, tapi sering ditunda.", digest="h2"), version=2)
    rows = db.execute("SELECT version, current FROM transcripts WHERE name = 'W01.txt' ORDER BY version").fetchall()
    assert rows == [(1, 0), (2, 1)]
    assert [p.id for p in store.passages(db)] == ["W01-v2-q001", "W01-v2-001"]
    assert len(store.passages(db, all_versions=True)) == 4
    assert decisions.history(db, "W01-001")[0].coder == "rina"
    assert store.find_current(db, "W01.txt").version == 2


def test_store_id_prefix_disambiguates_shared_stem(db):
    _add(db, _processed())
    assert store.id_prefix(db, "W01.docx", "W01") == "W01-docx"
    _add(db, _processed(name="W01.docx"))
    assert {p.id for p in store.passages(db, transcript="W01.docx")} == {"W01-docx-q001", "W01-docx-001"}
    assert store.id_prefix(db, "W01.docx", "W01") == "W01-docx"  # kept for later versions


def test_store_add_transcript_is_all_or_nothing(db):
    _add(db, _processed())
    clash = _processed(name="W01.srt")  # same passage ids as W01.txt if the prefix were not changed
    with pytest.raises(StoreError, match="W01.srt: tidak dapat disimpan"):
        store.add_transcript(db, clash.transcript, clash.passages, clash.suggestions, version=1, stem="W01")
    assert db.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM turns").fetchone()[0] == 2


def test_store_passage_listing_fields_status_and_codes(db):
    _add(db, _processed())
    rows = store.passage_listing(db)
    assert list(rows[1]) == ["id", "transcript", "speaker", "role", "start", "end", "text", "t_start", "t_end",
                             "suggestions", "codes"]
    assert rows[1]["suggestions"] == [
        {"code": "trust", "score": 0.8, "polarity": "supports", "source": "lexicon", "model": "", "status": "pending"}
    ]
    decisions.record_decision(db, Decision("W01-001", "trust", "confirm", "against", "rina"))
    decisions.record_decision(db, Decision("W01-001", "leadership", "reject", None, "rina"))
    rows = store.passage_listing(db)
    assert rows[1]["suggestions"][0]["status"] == "confirmed"
    assert rows[1]["codes"] == [{"code": "trust", "polarity": "against"}]


def test_store_replace_suggestions(db):
    _add(db, _processed())
    sstore.replace_suggestions(db, ["W01-001"], [Suggestion("W01-001", "leadership", 0.6, "against", "model", model="m2")])
    assert [(s.code, s.model) for s in sstore.for_passage(db, "W01-001")] == [("leadership", "m2")]


def test_store_status_counts(db):
    _add(db, _processed())
    _add(db, _processed("Berubah.", digest="h2"), version=2)
    counts = store.status(db)
    assert counts["transcripts"] == 1 and counts["versions"] == 2
    assert counts["informant_passages"] == 1 and counts["interviewer_passages"] == 1
    assert counts["turns"] == 2


def test_store_transcript_text_missing(db):
    from pipeline.errors import NotFound

    with pytest.raises(NotFound, match="'X.txt' tidak ada"):
        store.transcript_text(db, "X.txt")


def test_store_undo_mark_makes_a_suggestion_pending_again(db):
    _add(db, _processed())
    decisions.record_decision(db, Decision("W01-001", "trust", "confirm", "supports", "rina", origin="web"))
    assert store.status(db)["pending"] == 0
    decisions.record_decision(db, Decision("W01-001", "trust", "reject", None, "rina", note="undo", origin="undo"))
    assert store.passage_listing(db)[1]["suggestions"][0]["status"] == "pending"
    assert store.status(db)["pending"] == 1
