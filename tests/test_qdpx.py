import zipfile
from xml.etree import ElementTree as ET

import pytest

from pipeline import qdpx
from pipeline.errors import PipelineError
from pipeline.store import scores as store_scores

NS = {"q": qdpx.NS}


def _export(coded_db, tiny_codebook, tmp_path):
    # Give the fabricated transcripts texts whose offsets hold the passages.
    texts = store_scores.current_texts(coded_db)
    sources = {}
    for name in texts:
        rows = coded_db.execute(
            "SELECT p.start, p.text FROM passages p JOIN transcripts t ON t.id = p.transcript_id WHERE t.name = ?",
            [name]).fetchall()
        buf = [" "] * max(start + len(text) for start, text in rows)
        for start, text in rows:
            buf[start:start + len(text)] = text
        sources[name] = "".join(buf)
    codings = store_scores.quotations(coded_db)
    path = qdpx.write_qdpx(tmp_path / "proyek.qdpx", tiny_codebook, sources, codings)
    return path, sources


def test_qdpx_export_validates_and_selections_match_text(coded_db, tiny_codebook, tmp_path):
    path, sources = _export(coded_db, tiny_codebook, tmp_path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("project.qde")
        qdpx.validate_project(xml)  # against the official schema
        root = ET.fromstring(xml)
        selections = root.findall(".//q:PlainTextSelection", NS)
        assert len(selections) == 4
        for src in root.findall(".//q:TextSource", NS):
            text = zf.read(f"sources/{src.get('guid')}.txt").decode("utf-8")
            assert text == sources[src.get("name")]
            for sel in src.findall("q:PlainTextSelection", NS):
                passage_id = sel.get("name").split()[0]
                expected = coded_db.execute("SELECT text FROM passages WHERE id = ?", [passage_id]).fetchone()[0]
                assert text[int(sel.get("startPosition")):int(sel.get("endPosition"))] == expected
    users = {u.get("name") for u in root.findall(".//q:User", NS)}
    assert users == {"ani", "budi"}
    descriptions = [d.text for d in root.findall(".//q:PlainTextSelection/q:Description", NS)]
    assert any("menentang (against)" in d and "tidak ada MoU" in d for d in descriptions)
    # Sub-elements nest under their parent code.
    parent = [c for c in root.findall(".//q:CodeBook/q:Codes/q:Code", NS) if "(governance)" in c.get("name")][0]
    assert len(parent.findall("q:Code", NS)) == 2


def test_qdpx_invalid_project_is_refused():
    bad = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0"><Bogus/></Project>'
    with pytest.raises(PipelineError, match="does not validate"):
        qdpx.validate_project(bad)


def test_qdpx_codebook_round_trip(tiny_codebook, tmp_path):
    path = qdpx.write_qdc(tmp_path / "kode.qdc", tiny_codebook)
    book = qdpx.read_qdc(path.read_bytes())
    assert book.ids == tiny_codebook.ids
    assert book.get("governance.rules").parent == "governance"
    with pytest.raises(PipelineError, match="not XML"):
        qdpx.read_qdc(b"not xml at all")


def test_qdpx_stable_guids():
    assert qdpx.guid("code", "trust") == qdpx.guid("code", "trust")
    assert qdpx.guid("code", "trust") != qdpx.guid("code", "commitment")
