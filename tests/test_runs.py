import pytest

from pipeline import runs
from pipeline.errors import InvalidTranscript


def test_runs_collect_files_walks_folders(mixed_batch, ingest_data):
    files = runs.collect_files([mixed_batch, ingest_data / "labels_pi.txt", mixed_batch / "notes.pdf"])
    names = [f.name for f in files]
    assert "prefixes.srt" in names and ".hidden.txt" not in names and "~$temp.docx" not in names
    assert names.count("notes.pdf") == 1
    assert len(files) == 9


def test_runs_file_hash_checks_before_reading(tmp_path, ingest_settings):
    with pytest.raises(InvalidTranscript, match="tidak ditemukan"):
        runs.file_hash(tmp_path / "hilang.txt", ingest_settings)
    with pytest.raises(InvalidTranscript, match="tidak didukung"):
        runs.file_hash(tmp_path / "a.rtf", ingest_settings)


def test_runs_file_hash_unreadable_file(tmp_path, ingest_settings, monkeypatch):
    from pathlib import Path

    path = tmp_path / "kunci.txt"
    path.write_text("P: Halo?\nI: Ya.\n")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InvalidTranscript, match=r"kunci\.txt: tidak dapat dibaca \(Permission denied\)"):
        runs.file_hash(path, ingest_settings)


def test_runs_run_summary_counts():
    summary = runs.RunSummary([
        runs.Outcome("a", "added", 1, 4, 2), runs.Outcome("b", "skipped"), runs.Outcome("c", "failed", message="x"),
    ])
    assert [summary.count(k) for k in ("added", "skipped", "failed", "turns", "passages")] == [1, 1, 1, 4, 2]
    assert [o.path for o in summary.failures] == ["c"]
