"""Seed corpus loading and the seed renderer."""

import importlib.util
import json

import pytest

from pipeline.paths import TRANSCRIPTS
from pipeline.seed import InvalidSeed, parse_seed_line, read_seed

CODES = ("trust", "governance.rules")


def _line(**kw):
    row = {"interview": "uji-01", "passage_id": "uji-01-001", "question": "Bagaimana?", "text": "Kami percaya.",
           "codes": [{"code": "trust", "polarity": "supports"}]}
    row.update(kw)
    return json.dumps(row)


def test_seed_parse_line():
    ex = parse_seed_line(_line(), codes=CODES)
    assert ex.id == "uji-01-001" and ex.group == "uji-01" and ex.question == "Bagaimana?"
    assert ex.code_map == {"trust": "supports"} and ex.complete


@pytest.mark.parametrize("line,message", [
    ("{nope", "not valid JSON"),
    (json.dumps({"text": "x"}), "needs 'passage_id'"),
    (_line(codes=[{"code": "gotong_royong", "polarity": "supports"}]), "unknown code 'gotong_royong'"),
    (_line(codes=[{"code": "trust", "polarity": "maybe"}]), "polarity must be"),
    (_line(codes=[{"code": "trust", "polarity": "supports"}, {"code": "trust", "polarity": "against"}]),
     "given twice"),
])
def test_seed_parse_errors_name_the_place(line, message):
    with pytest.raises(InvalidSeed, match=message) as info:
        parse_seed_line(line, codes=CODES, where="f.jsonl:3")
    assert "f.jsonl:3" in str(info.value)


def test_seed_read_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text(_line() + "\n\n" + _line(passage_id="uji-01-002", codes=[]) + "\n")
    ex = read_seed(tmp_path, codes=CODES)
    assert [e.id for e in ex] == ["uji-01-001", "uji-01-002"]


def test_seed_read_errors(tmp_path):
    with pytest.raises(InvalidSeed, match="no seed corpus"):
        read_seed(tmp_path, codes=CODES)
    (tmp_path / "a.jsonl").write_text(_line() + "\n" + _line() + "\n")
    with pytest.raises(InvalidSeed, match="duplicate passage ids uji-01-001"):
        read_seed(tmp_path, codes=CODES)
    (tmp_path / "a.jsonl").write_text(_line() + "\n{bad\n")
    with pytest.raises(InvalidSeed, match=r"a.jsonl:2"):
        read_seed(tmp_path, codes=CODES)


def test_seed_shipped_corpus_loads(codebook):
    ex = read_seed(codes=codebook.ids)
    assert len(ex) > 100
    assert any(e.codes for e in ex) and any(not e.codes for e in ex)


def _build_module():
    spec = importlib.util.spec_from_file_location("seed_build", TRANSCRIPTS / "seed" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_build_renders_turns(tmp_path):
    (tmp_path / "x.jsonl").write_text(
        _line(informant="Kabid: Mutasi", setting="uji") + "\n"
        + _line(passage_id="uji-01-002", question="", text="Lanjut  saja.") + "\n")
    paths = _build_module().build(tmp_path, tmp_path / "txt")
    text = paths[0].read_text(encoding="utf-8")
    assert paths[0].name == "uji-01.txt"
    assert text.count("Informan: ") == 2 and text.count("Pewawancara: ") == 1
    assert "Informan: Lanjut saja." in text and "Kabid - Mutasi" in text


def test_seed_build_parses_back_with_ingestion(tmp_path, codebook):
    from pipeline.ingest import read_transcript
    from pipeline.segment import segment

    (tmp_path / "x.jsonl").write_text(_line(informant="Kabid", setting="uji") + "\n"
                                      + _line(passage_id="uji-01-002", text="Iya betul.") + "\n")
    path = _build_module().build(tmp_path, tmp_path / "txt")[0]
    passages = [p for p in segment(read_transcript(path)) if p.role == "informant"]
    assert [p.text for p in passages] == ["Kami percaya.", "Iya betul."]
    assert passages[0].question == "Bagaimana?"


def test_seed_corpus_meets_the_issue_requirements(codebook):
    ex = read_seed(codes=codebook.ids)
    settings = {e.group.rsplit("-", 1)[0] for e in ex}
    assert len(ex) >= 1500 and len(settings) >= 6
    uncoded = sum(not e.codes for e in ex) / len(ex)
    assert 0.35 <= uncoded <= 0.55
    for code in codebook.ids:
        pols = [e.code_map[code] for e in ex if code in e.code_map]
        assert len(pols) >= 60, code
        assert {"supports", "against"} <= set(pols), code
    assert sum(len(e.codes) > 1 for e in ex) > 50
    assert all(e.question for e in ex)


def test_seed_rendered_transcripts_are_current(tmp_path):
    """transcripts/seed/txt/ is what build.py renders from the JSONL now (re-run build.py after editing)."""
    paths = _build_module().build(TRANSCRIPTS / "seed", tmp_path)
    for p in paths:
        shipped = TRANSCRIPTS / "seed" / "txt" / p.name
        assert shipped.exists() and shipped.read_text(encoding="utf-8") == p.read_text(encoding="utf-8"), p.name
