import shutil

import pytest

from pipeline import flow, process
from pipeline.errors import InvalidTranscript
from pipeline.store import open_db
from pipeline.store import transcripts as store


@pytest.fixture
def no_suggest(monkeypatch):
    monkeypatch.setattr(process, "suggest_available", lambda: False)


def test_flow_ingest_task_returns_records_or_failure(ingest_data, ingest_settings, no_suggest):
    ok = flow.ingest_task.fn(str(ingest_data / "labels_pi.txt"), ingest_settings)
    assert ok.transcript.name == "labels_pi.txt" and len(ok.passages) == 5
    bad = flow.ingest_task.fn(str(ingest_data / "truncated.vtt"), ingest_settings)
    assert isinstance(bad, flow.Failure)
    assert bad.message.startswith("truncated.vtt: baris 11")


def test_flow_store_processed_adds_skips_and_versions(tmp_path, ingest_data, ingest_settings, no_suggest):
    db = open_db(":memory:")
    path = tmp_path / "W01.txt"
    path.write_bytes((ingest_data / "labels_pi.txt").read_bytes())
    first = flow.store_processed(db, flow.ingest_task.fn(str(path), ingest_settings))
    assert (first.status, first.version, first.turns, first.passages) == ("added", 1, 5, 2)
    again = flow.store_processed(db, flow.ingest_task.fn(str(path), ingest_settings))
    assert again.status == "skipped"
    path.write_text(path.read_text() + "I: Satu lagi, Mas.\n")
    changed = flow.store_processed(db, flow.ingest_task.fn(str(path), ingest_settings))
    assert (changed.status, changed.version) == ("added", 2)
    assert store.passages(db)[1].id == "W01-v2-001"


def test_flow_store_processed_records_model_and_lexicon_versions(ingest_data, ingest_settings, no_suggest):
    from dataclasses import replace

    db = open_db(":memory:")
    processed = replace(flow.ingest_task.fn(str(ingest_data / "labels_pi.txt"), ingest_settings),
                        lexicon_version="lx1", model_version="m7")
    flow.store_processed(db, processed)
    assert db.execute("SELECT lexicon_version, model_version FROM transcripts").fetchone() == ("lx1", "m7")


@pytest.mark.slow
def test_flow_run_batch_with_bad_files(prefect_harness, mixed_batch, tmp_path, ingest_settings, monkeypatch):
    monkeypatch.setattr(flow, "load_model_if_available", lambda: (None, "model tidak dapat dimuat"))
    db_path = tmp_path / "t.db"
    seen = []
    summary = flow.run([mixed_batch], db_path=db_path, settings=ingest_settings, progress=seen.append)
    assert summary.warnings == ["model tidak dapat dimuat"]
    assert len(seen) == 8
    assert summary.count("added") == 3 and summary.count("failed") == 5
    messages = sorted(o.message.split(":")[0] for o in summary.failures)
    assert messages == ["empty.txt", "no_speakers.txt", "not_a_zip.docx", "notes.pdf", "truncated.vtt"]
    db = open_db(db_path)
    assert {r[0] for r in db.execute("SELECT name FROM transcripts")} == {"labels_pi.txt", "voices.vtt", "prefixes.srt"}
    for name in ("labels_pi.txt", "voices.vtt", "prefixes.srt"):
        text = store.transcript_text(db, name)
        assert all(text[p.start:p.end] == p.text for p in store.passages(db, transcript=name))

    again = flow.run([mixed_batch], db_path=db_path, settings=ingest_settings)
    assert again.count("skipped") == 3 and again.count("added") == 0
    assert db.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 3


@pytest.mark.slow
def test_flow_run_duplicate_names_in_one_batch(prefect_harness, tmp_path, ingest_data, ingest_settings):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(ingest_data / "labels_pi.txt", tmp_path / sub / "W.txt")
    (tmp_path / "b" / "W.txt").write_text("P: Lain?\nI: Beda isi.\n")
    summary = flow.run([tmp_path / "a", tmp_path / "b"], db_path=tmp_path / "d.db", settings=ingest_settings)
    assert summary.count("added") == 1
    assert "nama berkas sama dengan" in summary.failures[0].message


def test_flow_write_reports_a_locked_database(ingest_data, ingest_settings, no_suggest, monkeypatch):
    import sqlite3

    def locked(db, processed):
        raise sqlite3.OperationalError("database is locked")

    class Done:
        def result(self):
            return flow.ingest_task.fn(str(ingest_data / "labels_pi.txt"), ingest_settings)

    monkeypatch.setattr(flow, "store_processed", locked)
    outcome = flow._write(None, "labels_pi.txt", Done())
    assert outcome.status == "failed"
    assert "database tidak dapat ditulis (database is locked)" in outcome.message


def test_flow_write_reports_an_unexpected_error(ingest_settings):
    class Broken:
        def result(self):
            raise RuntimeError("bug")

    outcome = flow._write(None, "x.txt", Broken())
    assert outcome.message == "x.txt: kesalahan tak terduga (RuntimeError: bug)"
