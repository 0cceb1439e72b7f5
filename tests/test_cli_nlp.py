"""``telaah predict``, ``telaah lexicon check`` and ``telaah nlp analyse`` as a user runs them (no database)."""

import json

from click.testing import CliRunner

from pipeline.cli import cli

ROWS = [
    {"id": "p1", "text": "Belum ada MoU dengan BKN, cuma surat edaran.", "question": "Aturannya bagaimana, Bu?"},
    {"id": "p2", "text": "Saya di sini baru dua tahun."},
]


def _stdin(rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_cli_nlp_predict_lexicon_jsonl_shape(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # proves no database is touched or created
    result = CliRunner().invoke(cli, ["predict", "--source", "lexicon"], input=_stdin(ROWS))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["p1", "p2"]
    rules = {c["code"]: c for c in lines[0]["codes"]}["governance.rules"]
    assert set(rules) == {"code", "score", "polarity", "evidence", "source"}
    assert rules["polarity"] == "against" and rules["source"] == "lexicon"
    assert {"text": "MoU", "start": 10, "end": 13} in rules["evidence"]
    assert lines[1]["codes"] == []
    assert not (tmp_path / "telaah.db").exists()


def test_cli_nlp_predict_auto_falls_back_to_the_lexicon(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["predict"], input=_stdin(ROWS[:1]))
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["id"] == "p1" and any(c["code"] == "governance.rules" for c in line["codes"])


def test_cli_nlp_predict_bad_line_names_the_line():
    result = CliRunner().invoke(cli, ["predict", "--source", "lexicon"], input='{"id": "a", "text": "ok"}\nnot json\n')
    assert result.exit_code == 1
    assert "line 2" in result.output


def test_cli_nlp_predict_with_another_codebook(tmp_path):
    book = tmp_path / "kecil.yaml"
    book.write_text("name: kecil\nlexicon: kecil.lexicon.yaml\ncodes:\n  - {id: rapat, label_id: Rapat, label_en: M}\n",
                    encoding="utf-8")
    (tmp_path / "kecil.lexicon.yaml").write_text("codes:\n  rapat:\n    terms: {musyawarah: 1.0}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["predict", "--source", "lexicon", "--codebook", str(book)],
                                input=_stdin([{"id": "x", "text": "Musyawarah desa rutin tiap bulan."}]))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["codes"][0]["code"] == "rapat"


def test_cli_nlp_lexicon_check_ok_and_error(tmp_path):
    ok = CliRunner().invoke(cli, ["lexicon", "check"])
    assert ok.exit_code == 0 and "OK" in ok.output and "13" in ok.output
    bad = tmp_path / "rusak.lexicon.yaml"
    bad.write_text("codes:\n  trust:\n    terms: {}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "check", "--lexicon", str(bad)])
    assert result.exit_code == 1 and "rusak.lexicon.yaml:3" in result.output


def test_cli_nlp_analyse_prints_tokens_norms_and_stems():
    result = CliRunner().invoke(cli, ["nlp", "analyse", "--text", "Kami nggak dilibatkan. Blm ada MoU-nya."])
    assert result.exit_code == 0, result.output
    sentences = [json.loads(line) for line in result.output.splitlines()]
    assert len(sentences) == 2
    words = {t["text"]: t for t in sentences[0]["tokens"]}
    assert words["nggak"]["norm"] == "tidak" and words["dilibatkan"]["stem"] == "libat"
    assert sentences[1]["tokens"][0]["norm"] == "belum"
