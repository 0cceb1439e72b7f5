"""CLI: telaah train, telaah models list|promote|rollback, telaah evaluate."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.records import Decision, Suggestion
from pipeline.store import open_db
from pipeline.store.decisions import record_decisions
from pipeline.store.queue import add_demo_transcript

TURNS = [("P", "interviewer", "Soal MoU bagaimana?"),
         ("I", "informant", "Belum ada MoU dengan Kanreg, jadi kerja samanya cuma lisan saja."),
         ("I", "informant", "Info dari Kanreg selalu dibagi di grup WA, jadi semua tahu perkembangannya."),
         ("I", "informant", "Cuacanya panas sekali kemarin, kami makan siang di warung.")]


def _db(path):
    db = open_db(path)
    add_demo_transcript(db, "W1.txt", TURNS, [Suggestion("W1-001", "governance.rules", 0.8, "against", "lexicon"),
                                              Suggestion("W1-003", "trust", 0.6, "supports", "lexicon")])
    return db


@pytest.mark.parametrize("args", [["train"], ["models"], ["models", "list"], ["models", "promote"],
                                  ["models", "rollback"], ["evaluate"]])
def test_cli_model_help(args):
    result = CliRunner().invoke(cli, args + ["--help"])
    assert result.exit_code == 0 and len(result.output) > 80


def test_cli_model_list_promote_rollback(shipped_model, db_path):
    runner = CliRunner()
    _db(db_path)
    out = runner.invoke(cli, ["models", "list"]).output
    assert "* tiny-1" in out and "bawaan / shipped" in out
    bad = runner.invoke(cli, ["models", "promote", "v9", "--db", str(db_path)])
    assert bad.exit_code == 1 and "model version 'v9'" in bad.output
    back = runner.invoke(cli, ["models", "rollback", "--db", str(db_path)])
    assert back.exit_code == 1 and "no earlier active model" in back.output
    again = runner.invoke(cli, ["models", "promote", "tiny-1", "--db", str(db_path)])
    assert again.exit_code == 0, again.output
    listed = json.loads(runner.invoke(cli, ["models", "list", "--json"]).output)
    assert listed["active"] == "tiny-1"


def test_cli_model_train_promotes_and_rescores(models_home, tiny_examples, db_path, monkeypatch):
    monkeypatch.setattr("pipeline.seed.read_seed", lambda **kw: list(tiny_examples))
    db = _db(db_path)
    record_decisions(db, [Decision("W1-001", "governance.rules", "confirm", "against", "ani")])
    result = CliRunner().invoke(cli, ["train", "--db", str(db_path), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert "sekarang aktif / is now active" in result.output and "re-scored" in result.output
    rows = {(r[0], r[1]): r[2] for r in db.execute("SELECT passage_id, code, model FROM suggestions")}
    assert rows[("W1-001", "governance.rules")] == ""  # decided: untouched
    assert ("W1-003", "trust") not in rows  # pending lexicon guess on small talk: replaced by the model's none
    listed = json.loads(CliRunner().invoke(cli, ["models", "list", "--json"]).output)
    assert listed["active"] == listed["models"][-1]["version"]
    assert any(v == listed["active"] for v in rows.values())
    # The re-score records the versions, so the next `telaah run` has nothing stale to redo.
    versions = {r[0] for r in db.execute("SELECT model_version FROM transcripts WHERE current = 1")}
    assert versions == {listed["active"]}


def test_cli_model_evaluate_small_gold(tmp_path, db_path):
    _db(db_path)
    gold = tmp_path / "gold.jsonl"
    rows = [{"file": "transcripts/W1.txt", "passage_id": "G-001", "text": TURNS[1][2],
             "codes": [{"code": "governance.rules", "polarity": "against"}]},
            {"file": "transcripts/W1.txt", "passage_id": "G-002", "text": TURNS[2][2],
             "codes": [{"code": "information_sharing", "polarity": "supports"}]},
            {"file": "transcripts/W1.txt", "passage_id": "G-003", "text": TURNS[3][2], "codes": []}]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--db", str(db_path), "--source", "stored"])
    assert result.exit_code == 0, result.output
    assert "governance.rules" in result.output and "3 bagian / passages" in result.output
    m = json.loads(CliRunner().invoke(cli, ["evaluate", str(gold), "--db", str(db_path), "--source", "stored",
                                            "--json"]).output)
    assert m["per_code"]["governance.rules"]["f1"] == 1.0
    assert m["micro_precision"] == 0.5 and m["micro_recall"] == 0.5 and m["polarity_accuracy"] == 1.0


def test_cli_model_evaluate_rejects_bad_gold(tmp_path, db_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "W1.txt", "passage_id": "G-1", "text": "x",
                                "codes": [{"code": "nope", "polarity": "supports"}]}) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--db", str(db_path)])
    assert result.exit_code == 1 and "gold.jsonl:1" in result.output and "unknown code 'nope'" in result.output


@pytest.mark.parametrize("source", ["lexicon", "model"])
def test_cli_model_evaluate_recodes_with_lexicon_or_model(tmp_path, db_path, shipped_model, source):
    _db(db_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"file": "W1.txt", "passage_id": "G-001", "text": TURNS[1][2],
                                "codes": [{"code": "governance.rules", "polarity": "against"}]}) + "\n"
                    + json.dumps({"file": "W1.txt", "passage_id": "G-009", "text": "Tidak ada di sini.",
                                  "codes": []}) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--db", str(db_path), "--source", source, "--json"])
    assert result.exit_code == 0, result.output
    m = json.loads(result.stdout)
    assert m["passages"] == 1 and m["unaligned"] == ["G-009"]
    assert m["per_code"]["governance.rules"]["tp"] == 1


def test_cli_model_train_calibrate_needs_twenty_decided_passages(models_home, tiny_examples, db_path, monkeypatch):
    monkeypatch.setattr("pipeline.seed.read_seed", lambda **kw: list(tiny_examples))
    db = _db(db_path)
    record_decisions(db, [Decision("W1-001", "governance.rules", "confirm", "against", "ani")])
    result = CliRunner().invoke(cli, ["train", "--db", str(db_path), "--folds", "2", "--calibrate"])
    assert result.exit_code == 0, result.output
    assert "Kalibrasi dilewati" in result.output and "fewer than 20" in result.output
