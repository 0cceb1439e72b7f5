import csv
import io
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.formats.speakers import RawTurn
from pipeline.ingest import build_transcript
from pipeline.records import Decision, Suggestion
from pipeline.segment import segment
from pipeline.store import decisions, open_db
from pipeline.store import transcripts as store


@pytest.fixture
def filled_db_path(db_path):
    db = open_db(db_path)
    t = build_transcript("W01.vtt", "vtt", [], [
        RawTurn("Speaker 1", "interviewer", "Rapatnya rutin?", 1.0, 2.0),
        RawTurn("Speaker 2", "informant", "Belum ada forum bersama, Mas.", 2.5, 5.0),
    ], content_hash="abc")
    store.add_transcript(db, t, segment(t), [Suggestion("W01-001", "networked_structure", 0.7, "against", "lexicon")],
                         version=1, stem="W01")
    decisions.record_decision(db, Decision("W01-001", "networked_structure", "confirm", "against", "rina"))
    db.conn.close()
    return db_path


@pytest.mark.parametrize("command", ["run", "passages", "migrate", "status"])
def test_cli_ingest_commands_have_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output


def test_cli_ingest_passages_jsonl(filled_db_path):
    result = CliRunner().invoke(cli, ["passages", "--db", str(filled_db_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["role"] for r in rows] == ["interviewer", "informant"]
    row = rows[1]
    assert row["id"] == "W01-001" and row["transcript"] == "W01.vtt" and row["speaker"] == "Speaker 2"
    assert (row["t_start"], row["t_end"]) == (2.5, 5.0)
    assert row["suggestions"] == [{"code": "networked_structure", "score": 0.7, "polarity": "against",
                                   "source": "lexicon", "model": "", "status": "confirmed"}]
    assert row["codes"] == [{"code": "networked_structure", "polarity": "against"}]
    text = open_db(filled_db_path).execute("SELECT text FROM transcripts").fetchone()[0]
    assert text[row["start"]:row["end"]] == row["text"]


def test_cli_ingest_passages_csv(filled_db_path):
    result = CliRunner().invoke(cli, ["passages", "--db", str(filled_db_path), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["id", "transcript", "speaker", "role", "start", "end", "text", "t_start", "t_end",
                             "suggestions", "codes"]
    assert json.loads(rows[1]["codes"]) == [{"code": "networked_structure", "polarity": "against"}]
    assert rows[0]["text"] == "Rapatnya rutin?"


def test_cli_ingest_migrate_and_status(db_path, filled_db_path):
    result = CliRunner().invoke(cli, ["migrate", "--db", str(filled_db_path)])
    assert result.exit_code == 0 and "sudah mutakhir" in result.output
    result = CliRunner().invoke(cli, ["status", "--db", str(filled_db_path)])
    assert result.exit_code == 0
    assert re.search(r"pasase informan / informant passages +1\n", result.output)
    assert re.search(r"keputusan / decisions +1\n", result.output)


def test_cli_ingest_migrate_new_database(tmp_path):
    target = tmp_path / "baru.db"
    result = CliRunner().invoke(cli, ["migrate", "--db", str(target)])
    assert result.exit_code == 0 and "m001_initial" in result.output and "m002_ingest_versions" in result.output


def test_cli_ingest_status_without_database(tmp_path):
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "tidak-ada.db")])
    assert result.exit_code == 1 and "database belum ada" in result.output


def test_cli_ingest_run_empty_folder(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--db", str(tmp_path / "x.db"), str(tmp_path)])
    assert result.exit_code == 1 and "Tidak ada berkas" in result.output


@pytest.mark.slow
def test_cli_ingest_run_reports_bad_files_and_exit_code(prefect_harness, tmp_path, ingest_data, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("labels_pi.txt", "bold_labels.md", "not_a_zip.docx"):
        shutil.copy(ingest_data / name, folder / name)
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(cli, ["run", "--db", db, str(folder)])
    assert result.exit_code == 1
    assert result.output.count("GAGAL") == 1 and "not_a_zip.docx: bukan dokumen .docx" in result.output
    assert "transkrip baru / transcripts             2" in result.output
    assert "gagal / failed                           1" in result.output
    (folder / "not_a_zip.docx").unlink()
    again = CliRunner().invoke(cli, ["run", "--db", db, str(folder)])
    assert again.exit_code == 0, again.output
    assert "dilewati (tidak berubah) / skipped       2" in again.output


def test_cli_ingest_run_bad_database_path(tmp_path, ingest_data, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["run", "--db", str(tmp_path / "tidak" / "ada.db"), "--key", str(tmp_path / "k.key"),
            str(ingest_data / "labels_pi.txt")]
    result = CliRunner().invoke(cli, args, env={"TELAAH_PASSPHRASE": "rahasia-uji"})
    assert result.exit_code == 1
    assert "does not exist" in result.output


@pytest.mark.slow
def test_cli_ingest_run_with_another_codebook(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "kecil.yaml"
    book.write_text("name: kecil\nlexicon: kecil.lexicon.yaml\ncodes:\n  - {id: rapat, label_id: Rapat, label_en: M}\n",
                    encoding="utf-8")
    (tmp_path / "kecil.lexicon.yaml").write_text("codes:\n  rapat:\n    terms: {musyawarah: 1.0}\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "w.txt").write_text("Pewawancara: Bagaimana rapatnya?\n\nInforman: Musyawarah desa rutin tiap bulan, "
                                  "semua pihak datang.\n", encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(cli, ["run", "--db", db, "--codebook", str(book), str(folder)])
    assert result.exit_code == 0, result.output
    codes = {r[0] for r in open_db(db).execute("SELECT code FROM suggestions")}
    assert codes == {"rapat"}
    again = CliRunner().invoke(cli, ["run", "--db", db, "--codebook", str(book), str(folder)])
    assert "dilewati (tidak berubah) / skipped       1" in again.output  # same lexicon version: nothing stale
