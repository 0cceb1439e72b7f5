import json
import zipfile

import pandas as pd
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.qdpx import validate_project
from pipeline.records import Decision
from pipeline.store import decisions as store_decisions
from pipeline.store import open_db


def _db(path):
    db = open_db(path)
    for tid, name in [(1, "W1.txt"), (2, "W2.txt")]:
        text = "Informan: Kami percaya data dari BKN.\n\nInforman: Belum ada MoU."
        db.execute("INSERT INTO transcripts (id, name, version, current, format, content_hash, text, ingested_at) "
                   "VALUES (?, ?, 1, 1, 'txt', ?, ?, 'now')", [tid, name, f"h{tid}", text])
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, ?, 1, 0, 'Informan 1', 'informant', 10, 37, 'Kami percaya data dari BKN.')",
                   [f"W{tid}-001", tid])
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, ?, 2, 1, 'Informan 1', 'informant', 49, 64, 'Belum ada MoU.')", [f"W{tid}-002", tid])
    store_decisions.record_decisions(db, [
        Decision("W1-001", "trust", "confirm", "supports", "ani"),
        Decision("W2-001", "trust", "confirm", "supports", "ani"),
        Decision("W1-002", "governance.rules", "confirm", "against", "ani"),
    ])
    db.conn.close()


def test_cli_report_score_json_and_table(tmp_path):
    path = tmp_path / "t.db"
    _db(path)
    runner = CliRunner()
    out = runner.invoke(cli, ["score", "--db", str(path), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    by_code = {e["code"]: e for e in data["elements"]}
    assert len(by_code) == 13
    assert by_code["trust"]["verdict"] == "terpenuhi"
    assert by_code["governance.rules"]["verdict"] == "tidak terpenuhi"
    assert by_code["trust"]["quotes"][0]["text"] == "Kami percaya data dari BKN."
    assert data["summary"] == "1 dari 13 unsur dan sub-unsur terpenuhi"
    table = runner.invoke(cli, ["score", "--db", str(path)])
    assert "1 dari 13 unsur dan sub-unsur terpenuhi" in table.output
    csv = runner.invoke(cli, ["score", "--db", str(path), "--format", "csv"])
    assert csv.output.splitlines()[0].startswith("code,element,parent,verdict")


def test_cli_report_override_shown_with_reason(tmp_path):
    path = tmp_path / "t.db"
    _db(path)
    runner = CliRunner()
    out = runner.invoke(cli, ["override", "--db", str(path), "governance.rules", "terpenuhi",
                              "--reason", "Dokumen PKS ditemukan saat observasi", "--by", "ani"])
    assert out.exit_code == 0, out.output
    data = json.loads(runner.invoke(cli, ["score", "--db", str(path), "--format", "json"]).output)
    rules = {e["code"]: e for e in data["elements"]}["governance.rules"]
    assert rules["verdict"] == "terpenuhi" and rules["computed_verdict"] == "tidak terpenuhi"
    assert "PKS" in rules["override"]
    bad = runner.invoke(cli, ["override", "--db", str(path), "nope", "terpenuhi", "--reason", "x", "--by", "ani"])
    assert bad.exit_code == 1 and "tidak ada di codebook" in bad.output


def test_cli_report_export_qdpx_qdc_quotes(tmp_path):
    path = tmp_path / "t.db"
    _db(path)
    runner = CliRunner()
    out = runner.invoke(cli, ["export", "qdpx", "--db", str(path), str(tmp_path / "p.qdpx")])
    assert out.exit_code == 0, out.output
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        validate_project(zf.read("project.qde"))
    assert runner.invoke(cli, ["export", "qdc", str(tmp_path / "k.qdc")]).exit_code == 0
    assert runner.invoke(cli, ["export", "quotes", "--db", str(path), str(tmp_path / "q.xlsx")]).exit_code == 0
    frame = pd.read_excel(tmp_path / "q.xlsx")
    assert list(frame["code_path"]) == ["Saling percaya antarpartisipan",
                                        "Kepastian tata kelola > Aturan main", "Saling percaya antarpartisipan"]
    bad = runner.invoke(cli, ["export", "quotes", "--db", str(path), str(tmp_path / "q.txt")])
    assert bad.exit_code == 1 and ".csv" in bad.output


def test_cli_report_qdc_export_import_round_trip(tmp_path):
    from pipeline.codebook import load_codebook

    runner = CliRunner()
    assert runner.invoke(cli, ["export", "qdc", str(tmp_path / "k.qdc")]).exit_code == 0
    out = runner.invoke(cli, ["import-qdc", str(tmp_path / "k.qdc"), str(tmp_path / "k.yaml")])
    assert out.exit_code == 0, out.output
    imported, shipped = load_codebook(tmp_path / "k.yaml"), load_codebook()
    assert imported.ids == shipped.ids
    assert imported.get("governance.rules").parent == "governance"
    assert imported.get("trust").label_id == shipped.get("trust").label_id
